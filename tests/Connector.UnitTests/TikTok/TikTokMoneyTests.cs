using System.Text.Json;
using Connector.TikTok.Api;
using Connector.TikTok.Json;

namespace Connector.UnitTests.TikTok;

public sealed class TikTokMoneyTests
{
    [TestCase("19.99")]
    [TestCase("0.10")]
    [TestCase("1234567.89")]
    [TestCase("0")]
    [TestCase("-5.00")]
    public void Decimal_strings_round_trip_exactly(string amount)
    {
        var payment = JsonSerializer.Deserialize($"{{\"total_amount\":\"{amount}\"}}", TikTokJsonContext.Default.TikTokPayment)!;

        Assert.That(payment.TotalAmount, Is.EqualTo(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(payment.TotalAmount!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(amount));
        Assert.That(JsonSerializer.Serialize(payment, TikTokJsonContext.Default.TikTokPayment), Does.Contain($"\"total_amount\":\"{amount}\""));
    }

    [Test]
    public void Sums_of_parsed_amounts_have_no_binary_rounding_error()
    {
        var line = JsonSerializer.Deserialize("{\"sale_price\":\"0.10\"}", TikTokJsonContext.Default.TikTokLineItem)!;

        var total = Enumerable.Repeat(line.SalePrice!.Value, 3).Sum();

        Assert.That(total, Is.EqualTo(0.30m));
    }

    [Test]
    public void Empty_amount_reads_as_null_and_numbers_are_accepted()
    {
        var payment = JsonSerializer.Deserialize("{\"tax\":\"\",\"shipping_fee\":3.99,\"seller_discount\":null}", TikTokJsonContext.Default.TikTokPayment)!;

        Assert.That(payment.Tax, Is.Null);
        Assert.That(payment.ShippingFee, Is.EqualTo(3.99m));
        Assert.That(payment.SellerDiscount, Is.Null);
    }

    [Test]
    public void Text_that_is_not_an_amount_is_rejected()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{\"tax\":\"1e5\"}", TikTokJsonContext.Default.TikTokPayment));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("{\"tax\":\"12,50\"}", TikTokJsonContext.Default.TikTokPayment));
    }

    [Test]
    public void Unknown_fields_are_ignored_and_line_items_have_no_quantity()
    {
        const string json = """
            {"id":"576","status":"AWAITING_SHIPMENT","brand_new_field":{"x":1},"create_time":1700000000,"update_time":1700000100,
             "recipient_address":{"name":"A Buyer","address_line1":"1 High St","district_info":[{"address_level_name":"City","address_name":"London"}]},
             "line_items":[{"id":"1","sku_id":"s1","sale_price":"9.99"},{"id":"2","sku_id":"s1","sale_price":"9.99"}]}
            """;

        var order = JsonSerializer.Deserialize(json, TikTokJsonContext.Default.TikTokOrder)!;

        Assert.That(order.LineItems.Count(l => l.SkuId == "s1"), Is.EqualTo(2));
        Assert.That(order.RecipientAddress!.AddressLine1, Is.EqualTo("1 High St"));
        Assert.That(order.RecipientAddress.DistrictInfo[0].AddressName, Is.EqualTo("London"));
        Assert.That(order.RecipientAddress.ToString(), Does.Not.Contain("A Buyer"));
    }
}
