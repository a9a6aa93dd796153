using Connector.Fulfilment;
using Connector.Orders;
using Connector.Testing;
using Connector.Testing.TikTokReference;
using Connector.TikTok.Api;

namespace Connector.UnitTests.Orders;

/// <summary>Orders as TikTok's reference describes them: shipping vs fulfilment type, the on-hold flag, virtual bundles.</summary>
public sealed class ReferenceOrderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static OrderDecision Apply(TikTokOrder order, OrderImportSettings? settings = null, string[]? missing = null, StoredOrder? previous = null) =>
        OrderRules.Apply(order, previous, "shop-1", "merchant-1", missing ?? [], settings ?? new OrderImportSettings(), OrderSources.Poll, Now);

    private static StoredOrder Stored(OrderDecision decision) => ((OrderDecision.Store)decision).Order;

    /// <summary>TikTok's own example order (get-order-detail), paid and awaiting shipment.</summary>
    private static async Task<TikTokOrder> ExampleOrderAsync()
    {
        await using var world = ReferenceClient.Create();
        var order = (await world.Client.GetOrdersAsync(world.Shop, ["576461413038785752"], CancellationToken.None)).Single();
        return order with { Status = TikTokOrderStatus.AwaitingShipment };
    }

    [Test]
    public void A_TikTok_Shipping_order_reaches_the_back_office_like_any_other()
    {
        // Reference: shipping_type TIKTOK = "Shipping service provided by TikTok. The seller should obtain a shipping label from TikTok."
        var order = TestOrders.Order("o1", skus: ["A"]) with { ShippingType = TikTokShippingType.TikTok, FulfillmentType = TikTokFulfillmentType.BySeller };

        var stored = Stored(Apply(order));

        Assert.That(stored.State, Is.EqualTo(OrderState.ReadyToFulfil));
        Assert.That(stored.ShippedByPlatform, Is.False);
        Assert.That(stored.ShippingType, Is.EqualTo("TIKTOK"));
        Assert.That(stored.FulfillmentType, Is.EqualTo("FULFILLMENT_BY_SELLER"));
    }

    [Test]
    public void Only_an_order_fulfilled_by_TikTok_is_platform_shipped()
    {
        var order = TestOrders.Order("o1", skus: ["A"]) with { ShippingType = TikTokShippingType.TikTok, FulfillmentType = TikTokFulfillmentType.ByTikTok };

        var skipped = Apply(order);
        var imported = Stored(Apply(order, new OrderImportSettings { ImportPlatformShippedOrders = true }));

        Assert.That(((OrderDecision.Skip)skipped).Reason, Does.Contain("FULFILLMENT_BY_TIKTOK"));
        Assert.That(imported.State, Is.EqualTo(OrderState.Shipped));
        Assert.That(imported.ShippedByPlatform, Is.True);
    }

    [Test]
    public void An_order_TikTok_released_from_hold_is_ready_though_is_on_hold_order_stays_true()
    {
        // Reference: is_on_hold_order "Indicates whether the order experienced or will be experienced ON_HOLD status".
        var released = TestOrders.Order("o1", TikTokOrderStatus.AwaitingShipment, skus: ["A"]) with { IsOnHoldOrder = true };
        var held = TestOrders.Order("o2", TikTokOrderStatus.OnHold, skus: ["A"]);

        Assert.That(Stored(Apply(released)).State, Is.EqualTo(OrderState.ReadyToFulfil));
        Assert.That(Stored(Apply(released)).IsOnHold, Is.False);
        Assert.That(Stored(Apply(held)).State, Is.EqualTo(OrderState.OnHold));
    }

    [Test]
    public async Task TikToks_example_order_is_stored_with_everything_the_back_office_needs()
    {
        var order = await ExampleOrderAsync();

        var stored = Stored(Apply(order));

        Assert.Multiple(() =>
        {
            Assert.That(stored.OrderId, Is.EqualTo("576461413038785752"));
            Assert.That(stored.State, Is.EqualTo(OrderState.ReadyToFulfil), "a TikTok Shipping order fulfilled by the seller");
            Assert.That(stored.ShippingType, Is.EqualTo("TIKTOK"));
            Assert.That(stored.FulfillmentType, Is.EqualTo("FULFILLMENT_BY_SELLER"));
            Assert.That(stored.BuyerMessage, Is.EqualTo("Please ship asap!"));
            Assert.That(stored.WarehouseId, Is.EqualTo("6955005333819123123"));
            Assert.That(stored.Amounts.Total, Is.EqualTo(5000m));
            Assert.That(stored.Amounts.Currency, Is.EqualTo("IDR"));
            Assert.That(stored.Recipient!.Name, Is.EqualTo("David Kong"));
            Assert.That(stored.Recipient.PostalCode, Is.EqualTo("95110"));
            Assert.That(stored.Recipient.AddressLines, Is.EqualTo(new[] { "TikTok 5800 bristol Pkwy", "Suite 100", "Vila Olímpia", "Avenida Presidente Juscelino Kubitschek" }));
            Assert.That(stored.Recipient.City, Is.EqualTo("Ribbleton"), "the UK post town when no city level is given");
            Assert.That(stored.CancelReason, Is.EqualTo("Pricing error"));
        });
    }

    [Test]
    public async Task A_virtual_bundle_reaches_the_warehouse_as_its_component_SKUs()
    {
        var order = await ExampleOrderAsync();

        var line = Stored(Apply(order)).Lines.Single();

        Assert.That((line.Sku, line.SkuId, line.ProductId, line.Quantity), Is.EqualTo(("yellow-24-XL", "2729382476852921123", "1729582718312380456", 1)));
        Assert.That((line.BundleSku, line.BundleSkuId), Is.EqualTo(("red_iphone_256", "2729382476852921560")));
        Assert.That(line.LineItemIds, Is.EqualTo(new[] { "577086512123755123" }));
        Assert.That(line.UnitPrice, Is.Null, "the price belongs to the bundle");
    }

    [Test]
    public void Bundle_units_multiply_the_component_counts_and_add_up_with_the_same_SKU_bought_alone()
    {
        TikTokLineItem Bundle(string id) => new()
        {
            Id = id, SkuId = "bundle", SellerSku = "GIFT-SET", ProductName = "Gift set", SalePrice = 30m,
            CombinedListingSkus =
            [
                new TikTokCombinedListingSku { SkuId = "mug", SkuCount = 2, SellerSku = "MUG", ProductId = "p-mug" },
                new TikTokCombinedListingSku { SkuId = "tea", SkuCount = 1, SellerSku = "TEA", ProductId = "p-tea" },
            ],
        };
        var order = TestOrders.Order("o1", skus: ["MUG"]) with { LineItems = [Bundle("b1"), Bundle("b2"), new TikTokLineItem { Id = "m1", SkuId = "mug", SellerSku = "MUG", SalePrice = 9m }] };

        var stored = Stored(Apply(order));

        Assert.That(stored.Lines.Select(l => (l.Sku, l.Quantity, l.BundleSku)), Is.EquivalentTo(new[] { ("MUG", 1, (string?)null), ("MUG", 4, "GIFT-SET"), ("TEA", 2, "GIFT-SET") }));
        Assert.That(stored.Units("MUG"), Is.EqualTo(5));
        Assert.That(stored.Lines.Select(l => l.Sku), Has.No.Member("GIFT-SET"), "the bundle SKU itself is never picked");

        // Shipping the components finds the bundle's TikTok line items.
        var (ids, shortage) = ShipmentWorker.ChooseLineItems(order, [new ShipmentLine("MUG", 5), new ShipmentLine("TEA", 2)]);
        Assert.That(shortage, Is.Null);
        Assert.That(ids, Is.EquivalentTo(new[] { "m1", "b1", "b2" }));
    }
}
