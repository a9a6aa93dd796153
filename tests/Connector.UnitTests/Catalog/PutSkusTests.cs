using Connector.Catalog;
using Connector.Testing;

namespace Connector.UnitTests.Catalog;

public sealed class PutSkusTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Every_bad_row_and_a_bad_merchant_id_are_named_at_once()
    {
        var reader = Requests.Reader("""{"skus": [1, {"sku": 5}, {"sku": "OK-1", "name": "Mug"}, {"name": "no sku"}, {"sku": " padded"}, {"sku": "OK-1"}]}""", Now);

        PutSkus.Bind(reader, "a'b");

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "merchantId", "skus[0]", "skus[1].sku", "skus[3].sku", "skus[4].sku", "skus[5].sku" }));
        Assert.That(reader.Errors["skus[3].sku"][0], Does.StartWith("required"));
        Assert.That(reader.Errors["skus[1].sku"][0], Does.Not.Contain("required"), "a present value of the wrong type is not 'required'");
        Assert.That(reader.Errors["skus[5].sku"][0], Does.Contain("twice"));
    }

    [TestCase("""{"skus": []}""")]
    [TestCase("""{"items": [{"sku": "A"}]}""")]
    [TestCase("""[{"sku": "A"}]""")]
    public void A_body_without_a_list_of_skus_is_refused(string body)
    {
        var reader = Requests.Reader(body, Now);

        PutSkus.Bind(reader, "m1");

        Assert.That(reader.HasErrors, Is.True);
    }

    [Test]
    public void Good_rows_bind_with_their_names()
    {
        var reader = Requests.Reader(new { skus = new object[] { new { sku = "A-1", name = "Mug" }, new { sku = "B-2" } } }, Now);

        var request = PutSkus.Bind(reader, "m1");

        Assert.That(reader.Errors, Is.Empty);
        Assert.That(request.Skus, Is.EqualTo(new[] { new CatalogSku("A-1", "Mug"), new CatalogSku("B-2", null) }));
    }
}
