using Connector.Listings;

namespace Connector.UnitTests.Listings;

public sealed class DescriptionHtmlTests
{
    [Test]
    public void TikToks_own_example_description_passes()
    {
        const string html = " <p>Please check the measurements before purchase.</p>\n<ul> \n  <li>M-Size</li>\n  <li>XL-Size</li>\n</ul> \n"
            + "<img src=\"https://p16-oec-va.ibyteimg.com/tos-maliva-i-o3syd03w52-us/181595ea7d26489284b5667488d708c1~tplv-o3syd03w52-origin-jpeg.jpeg?from=1432613627\" width='100' height='100' /> ";

        Assert.That(DescriptionHtml.Check(html), Is.Empty);
    }

    [Test]
    public void Formatting_inside_paragraphs_and_list_items_passes() =>
        Assert.That(DescriptionHtml.Check("<p>A <b>bold</b> and <em>calm</em> mug.<br>Second line</p><ol><li><strong>Dishwasher</strong> safe</li></ol>"), Is.Empty);

    [TestCase("<div>Mug</div>", "<div>")]
    [TestCase("<p>Mug <span>x</span></p>", "<span>")]
    [TestCase("<table><tr><td>1</td></tr></table>", "<table>")]
    public void Tags_tiktok_does_not_support_are_named(string html, string tag) =>
        Assert.That(DescriptionHtml.Check(html), Has.Some.Contains(tag).And.Some.Contains("does not support"));

    [TestCase("<p>One <p>two</p></p>", "nests <p> inside <p>")]
    [TestCase("<p><b><i>x</i></b></p>", "nests <i> inside <b>")]
    [TestCase("<ul><li><ul><li>x</li></ul></li></ul>", "nests <ul> inside <li>")]
    [TestCase("<li>loose</li>", "<li> must be directly inside <ul> or <ol>")]
    [TestCase("<ul><p>x</p></ul>", "<ul> may only hold <li>")]
    public void Nesting_is_refused(string html, string message) => Assert.That(DescriptionHtml.Check(html), Has.Some.Contains(message));

    [Test]
    public void Unbalanced_tags_are_refused()
    {
        Assert.That(DescriptionHtml.Check("<p>open"), Has.Some.Contains("leaves <p> open"));
        Assert.That(DescriptionHtml.Check("<p>x</b>"), Has.Some.Contains("closes </b>"));
    }

    [Test]
    public void Images_need_src_width_and_height_under_4000_pixels()
    {
        var problems = DescriptionHtml.Check("<p><img src=\"x.jpg\" width=\"4000\"></p>");

        Assert.That(problems, Has.Some.Contains("image 1 needs src with an absolute http(s) URL"));
        Assert.That(problems, Has.Some.Contains("image 1 width must be a whole number of pixels under 4000"));
        Assert.That(problems, Has.Some.Contains("image 1 needs height"));
    }

    [Test]
    public void More_than_30_images_or_10000_characters_are_refused()
    {
        var images = string.Concat(Enumerable.Range(0, 31).Select(i => $"<img src=\"https://img.example/{i}.png\" width=\"100\" height=\"100\">"));
        Assert.That(DescriptionHtml.Check(images), Has.Some.Contains("has 31 images; TikTok allows at most 30"));
        Assert.That(DescriptionHtml.Check("<p>" + new string('x', 10_000) + "</p>"), Has.Some.Contains("TikTok allows at most 10000"));
    }

    [Test]
    public void Image_sources_are_listed_and_replaced_by_tiktoks_urls()
    {
        const string html = "<p>Look</p><img src=\"https://shop.example/a.png\" width=\"500\" height=\"500\"><img src='https://shop.example/b.png' width='5' height='5'>";

        Assert.That(DescriptionHtml.ImageSources(html), Is.EqualTo(new[] { "https://shop.example/a.png", "https://shop.example/b.png" }));
        var replaced = DescriptionHtml.ReplaceImageSources(html, new Dictionary<string, string> { ["https://shop.example/a.png"] = "https://p16.tiktok.example/a" });
        Assert.That(replaced, Does.Contain("src=\"https://p16.tiktok.example/a\"").And.Contain("src='https://shop.example/b.png'"));
    }
}
