using Connector.Labels;
using Connector.Testing;

namespace Connector.UnitTests.Labels;

public sealed class LabelBindTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_label_request_names_every_bad_field_and_a_bad_merchant_id_at_once()
    {
        var reader = Requests.Reader(new { lines = "some", weight = new { value = 0, unit = "POUND" }, labelSize = "A4", colour = "red" }, Now);

        CreateLabel.Bind(reader, "a'b", "o1");

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "merchantId", "idempotencyKey", "lines", "weight", "labelSize", "colour" }));
    }

    [Test]
    public void A_quote_needs_no_idempotency_key_and_ignores_combined_orders()
    {
        var reader = Requests.Reader(new { lines = "all", weight = new { value = 1.5, unit = "KG" }, combineWith = new[] { "o2" } }, Now);

        var request = QuoteShippingServices.Bind(reader, "m1", "o1");

        Assert.That(reader.Errors, Is.Empty);
        Assert.That(request.Parcel.Weight, Is.EqualTo(new ParcelWeight(1500m, "GRAM")));
        Assert.That(request.Parcel.CombineWith, Is.Empty);
    }

    [Test]
    public void A_body_that_is_not_an_object_is_named_as_the_body()
    {
        var reader = Requests.Reader("[1, 2]", Now);

        CreateLabel.Bind(reader, "m1", "o1");

        Assert.That(reader.Errors.Keys, Is.EqualTo(new[] { "" }));
    }
}
