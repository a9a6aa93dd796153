using System.Text.Json;
using Connector.Listings;

namespace Connector.UnitTests.Listings;

public sealed class CatalogInputTests
{
    private static (IReadOnlyList<CatalogProduct> Products, Dictionary<string, string[]> Errors) Read(string json) =>
        CatalogInput.Read(JsonDocument.Parse(json).RootElement);

    [Test]
    public void A_full_product_is_read_with_its_variants_and_options_in_order()
    {
        var (products, errors) = Read("""
            [{"id":"TEE-1","title":"Classic tee","description":"<p>Soft</p>","images":["https://img.example/1.png"],"brand":"Acme","category":"Apparel/Tops",
              "tags":["summer"],"active":false,"weight":{"value":0.2,"unit":"kilogram"},"dimensions":{"length":30,"width":20,"height":2,"unit":"CENTIMETER"},
              "attributes":{"material":"Cotton","organic":true},
              "variants":[{"sku":"TEE-1-RED-M","price":"12.50","compareAtPrice":15,"options":{"Colour":"Red","Size":"M"},"image":"https://img.example/red.png"},
                          {"sku":"TEE-1-BLU-M","price":12.5,"options":{"Colour":"Blue","Size":"M"}}]}]
            """);

        Assert.That(errors, Is.Empty);
        var p = products.Single();
        Assert.That((p.Id, p.Active, p.Weight, p.Attributes["organic"]), Is.EqualTo(("TEE-1", false, new CatalogWeight(0.2m, "KILOGRAM"), "true")));
        Assert.That(p.Variants[0].Options, Is.EqualTo(new[] { new CatalogOption("Colour", "Red"), new CatalogOption("Size", "M") }));
        Assert.That(p.Variants[0].CompareAtPrice, Is.EqualTo(15m));
        Assert.That(p.Hash(), Is.EqualTo(products.Single().Hash()).And.Length.EqualTo(32));
    }

    [Test]
    public void Each_bad_field_is_named_with_its_path()
    {
        var images = string.Join(",", Enumerable.Range(0, 10).Select(i => $"\"https://img.example/{i}.png\""));
        var (products, errors) = Read($$$"""
            [{"id":"A","title":"ok","variants":[{"sku":"A 1","price":-1}]},
             {"id":"B","title":"ok","images":[{{{images}}}],"description":"<div>x</div>","variants":[{"sku":"B1","price":"abc"}]},
             {"id":"C","variants":[{"sku":"C1","price":1,"options":{"Colour":"Red"}},{"sku":"C2","price":1,"options":{"Size":"M"}}],"colour":"red"},
             {"id":"A","title":"dup","variants":[{"sku":"D1","price":1,"options":{"Colour":"Red"}},{"sku":"D2","price":1,"options":{"Colour":"red"}}],
              "weight":{"value":0,"unit":"STONE"},"images":["ftp://img.example/x.png"]}]
            """);

        Assert.That(products, Is.Empty.Or.Count.LessThan(4));
        Assert.That(errors.Keys, Is.SupersetOf(new[]
        {
            "products[0].variants[0].sku", "products[0].variants[0].price", "products[1].images", "products[1].description", "products[1].variants[0].price",
            "products[2].title", "products[2].variants", "products[2].colour", "products[3].variants", "products[3].weight.value", "products[3].weight.unit",
            "products[3].images[0]",
        }));
        Assert.That(errors["products[1].images"][0], Does.Contain("has 10 images; TikTok allows at most 9"));
        Assert.That(errors["products[1].description"][0], Does.Contain("TikTok refuses this description").And.Contain("<div>"));
        Assert.That(errors["products[0].variants[0].sku"][0], Does.Contain("spaces"));
        Assert.That(errors["products[3].variants"][0], Does.Contain("same options"));
    }

    [Test]
    public void The_same_id_or_seller_sku_twice_in_one_request_is_refused()
    {
        var (_, errors) = Read("""
            [{"id":"A","title":"a","variants":[{"sku":"S1","price":1}]},{"id":"A","title":"b","variants":[{"sku":"S2","price":1}]},
             {"id":"C","title":"c","variants":[{"sku":"S1","price":1}]}]
            """);

        Assert.That(errors["products[1].id"][0], Does.Contain("appears twice"));
        Assert.That(errors["products[2].variants[0].sku"][0], Does.Contain("also a variant of product A"));
    }
}
