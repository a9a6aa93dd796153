using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Connector.Listings;

/// <summary>
/// TikTok's rules for a product description (create product, Pipe17's listing requirements): HTML of the tags
/// <c>p img ul ol li br strong b i em u</c> only, no nesting beyond a list's items (no block inside a block, no
/// formatting inside formatting), at most 10,000 characters and 30 images, each image with <c>src</c> (an absolute
/// http(s) URL), <c>width</c> and <c>height</c> (whole pixels, under 4,000). Pure: the catalog endpoint refuses a
/// description that breaks them, naming the rule.
/// </summary>
public static partial class DescriptionHtml
{
    public const int MaxLength = 10_000;
    public const int MaxImages = 30;
    public const int MaxImageSide = 4000;

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal) { "p", "ul", "ol" };
    private static readonly HashSet<string> Inline = new(StringComparer.Ordinal) { "strong", "b", "i", "em", "u" };
    private static readonly HashSet<string> Void = new(StringComparer.Ordinal) { "br", "img" };

    /// <summary>The allowed tags, for messages.</summary>
    public const string AllowedTags = "p, img, ul, ol, li, br, strong, b, i, em, u";

    /// <summary>What is wrong with <paramref name="html"/> (empty when TikTok takes it).</summary>
    public static IReadOnlyList<string> Check(string html)
    {
        var problems = new List<string>();
        if (html.Length > MaxLength)
        {
            problems.Add($"is {html.Length} characters; TikTok allows at most {MaxLength}");
        }

        var open = new Stack<string>();
        var images = 0;
        foreach (var token in Tokenize(html))
        {
            if (token.Error is { } error)
            {
                problems.Add(error);
                break;
            }

            if (token.Name is null)
            {
                continue;
            }

            var name = token.Name;
            if (!Blocks.Contains(name) && !Inline.Contains(name) && !Void.Contains(name) && name != "li")
            {
                problems.Add($"uses <{name}>, which TikTok does not support (allowed: {AllowedTags})");
                continue;
            }

            if (token.Closing)
            {
                if (Void.Contains(name))
                {
                    continue;
                }

                if (open.Count == 0 || open.Peek() != name)
                {
                    problems.Add(open.Count == 0 ? $"closes </{name}> that is not open" : $"closes </{name}> while <{open.Peek()}> is open");
                    break;
                }

                open.Pop();
                continue;
            }

            var parent = open.Count > 0 ? open.Peek() : null;
            if (name == "img")
            {
                images++;
                CheckImage(token.Attributes, images, problems);
                if (parent is not null && parent != "p" && parent != "li")
                {
                    problems.Add($"nests <img> inside <{parent}>, which TikTok does not support");
                }

                continue;
            }

            if (name == "br")
            {
                continue;
            }

            var nesting = (name, parent) switch
            {
                ("li", "ul" or "ol") => null,
                ("li", _) => "<li> must be directly inside <ul> or <ol>",
                (_, "ul" or "ol") => $"<{parent}> may only hold <li>, not <{name}>",
                _ when Blocks.Contains(name) && parent is not null => $"nests <{name}> inside <{parent}>, which TikTok does not support",
                _ when Inline.Contains(name) && parent is not null && Inline.Contains(parent) => $"nests <{name}> inside <{parent}>, which TikTok does not support",
                _ => null,
            };
            if (nesting is not null)
            {
                problems.Add(nesting);
                break;
            }

            if (!token.SelfClosing)
            {
                open.Push(name);
            }
        }

        if (open.Count > 0 && problems.Count == 0)
        {
            problems.Add($"leaves <{open.Peek()}> open");
        }

        if (images > MaxImages)
        {
            problems.Add($"has {images} images; TikTok allows at most {MaxImages}");
        }

        return problems.Distinct().ToArray();
    }

    /// <summary>The <c>src</c> of every image, in order.</summary>
    public static IReadOnlyList<string> ImageSources(string html) =>
        Tokenize(html).Where(t => t.Name == "img" && !t.Closing && t.Attributes.ContainsKey("src")).Select(t => t.Attributes["src"]).ToArray();

    /// <summary>The description with each image <c>src</c> replaced (the merchant's URL by TikTok's URL of the uploaded copy).</summary>
    public static string ReplaceImageSources(string html, IReadOnlyDictionary<string, string> replacements) =>
        ImgSrc().Replace(html, m =>
        {
            var quote = m.Groups["q"].Value;
            var value = WebUtility.HtmlDecode(m.Groups["v"].Value);
            return replacements.TryGetValue(value, out var replacement)
                ? m.Groups["pre"].Value + quote + WebUtility.HtmlEncode(replacement) + quote
                : m.Value;
        });

    private static void CheckImage(IReadOnlyDictionary<string, string> attributes, int index, List<string> problems)
    {
        if (!attributes.TryGetValue("src", out var src) || !Uri.TryCreate(src, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problems.Add($"image {index} needs src with an absolute http(s) URL");
        }

        foreach (var side in new[] { "width", "height" })
        {
            if (!attributes.TryGetValue(side, out var text))
            {
                problems.Add($"image {index} needs {side} (TikTok requires src, width and height)");
            }
            else if (!int.TryParse(text.Trim().TrimEnd('x', 'p'), NumberStyles.None, CultureInfo.InvariantCulture, out var pixels) || pixels is < 1 or >= MaxImageSide)
            {
                problems.Add($"image {index} {side} must be a whole number of pixels under {MaxImageSide}");
            }
        }

        foreach (var other in attributes.Keys.Where(k => k is not ("src" or "width" or "height" or "alt")))
        {
            problems.Add($"image {index} has attribute {other}, which TikTok does not accept");
        }
    }

    private sealed record Token(string? Name, bool Closing, bool SelfClosing, IReadOnlyDictionary<string, string> Attributes, string? Error = null);

    private static readonly IReadOnlyDictionary<string, string> NoAttributes = new Dictionary<string, string>();

    private static IEnumerable<Token> Tokenize(string html)
    {
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0)
            {
                yield break;
            }

            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var end = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                if (end < 0)
                {
                    yield return new Token(null, false, false, NoAttributes, "has a comment that never ends");
                    yield break;
                }

                i = end + 3;
                continue;
            }

            var gt = html.IndexOf('>', lt + 1);
            if (gt < 0)
            {
                yield return new Token(null, false, false, NoAttributes, "has a '<' that starts no tag (write &lt;)");
                yield break;
            }

            var m = Tag().Match(html[lt..(gt + 1)]);
            if (!m.Success)
            {
                yield return new Token(null, false, false, NoAttributes, $"is not valid HTML near '{Snippet(html, lt)}'");
                yield break;
            }

            var attributes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (Match a in Attribute().Matches(m.Groups["attrs"].Value))
            {
                var value = a.Groups["dq"].Success ? a.Groups["dq"].Value : a.Groups["sq"].Success ? a.Groups["sq"].Value : a.Groups["bare"].Value;
                attributes[a.Groups["name"].Value.ToLowerInvariant()] = WebUtility.HtmlDecode(value);
            }

            yield return new Token(m.Groups["name"].Value.ToLowerInvariant(), m.Groups["close"].Success, m.Groups["self"].Success, attributes);
            i = gt + 1;
        }
    }

    private static string Snippet(string html, int at) => html.Substring(at, Math.Min(20, html.Length - at));

    [GeneratedRegex(@"^<(?<close>/)?\s*(?<name>[A-Za-z][A-Za-z0-9]*)(?<attrs>(?:\s+[^\s/>=]+(?:\s*=\s*(?:""[^""]*""|'[^']*'|[^\s'"">]+))?)*)\s*(?<self>/)?\s*>$")]
    private static partial Regex Tag();

    [GeneratedRegex(@"(?<name>[^\s/>=]+)(?:\s*=\s*(?:""(?<dq>[^""]*)""|'(?<sq>[^']*)'|(?<bare>[^\s'"">]+)))?")]
    private static partial Regex Attribute();

    [GeneratedRegex(@"(?<pre><img\b[^>]*?\ssrc\s*=\s*)(?<q>[""'])(?<v>[^""']*)\k<q>", RegexOptions.IgnoreCase)]
    private static partial Regex ImgSrc();
}
