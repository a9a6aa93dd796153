using Connector.Testing.TikTokReference;
using Connector.TikTok;
using Connector.TikTok.Api;

namespace Connector.UnitTests.TikTok.Reference;

/// <summary>The client reads TikTok's own example answer of every endpoint it uses, without losing what the connector needs.</summary>
public sealed class ClientReadsExamplesTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    [Test]
    public async Task Order_detail_example_keeps_ids_statuses_types_deadlines_money_and_bundles()
    {
        await using var world = ReferenceClient.Create();

        var order = (await world.Client.GetOrdersAsync(world.Shop, ["576461413038785752"], Ct)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(order.Id, Is.EqualTo("576461413038785752"));
            Assert.That(order.Status, Is.EqualTo("UNPAID"));
            Assert.That(order.ShippingType, Is.EqualTo(TikTokShippingType.TikTok));
            Assert.That(order.FulfillmentType, Is.EqualTo(TikTokFulfillmentType.BySeller));
            Assert.That(order.IsOnHoldOrder, Is.False);
            Assert.That(order.IsBuyerRequestCancel, Is.False);
            Assert.That(order.BuyerMessage, Is.EqualTo("Please ship asap!"));
            Assert.That(order.WarehouseId, Is.EqualTo("6955005333819123123"));
            Assert.That(order.CreateTime, Is.EqualTo(1619611561));
            Assert.That(order.UpdateTime, Is.EqualTo(1619621355));
            Assert.That(order.PaidTime, Is.EqualTo(1619611563));

            // Ship-by and cancel deadlines, cancellation fields.
            Assert.That(order.RtsSlaTime, Is.EqualTo(1619611688));
            Assert.That(order.TtsSlaTime, Is.EqualTo(1619611761));
            Assert.That(order.CancelOrderSlaTime, Is.EqualTo(1619621355));
            Assert.That(order.ShippingDueTime, Is.EqualTo(1678389618));
            Assert.That(order.CollectionDueTime, Is.EqualTo(1678389618));
            Assert.That(order.DeliveryDueTime, Is.EqualTo(1678389618));
            Assert.That(order.RequestCancelTime, Is.EqualTo(1678389618));
            Assert.That(order.CancelTime, Is.EqualTo(1678389618));
            Assert.That(order.CancelReason, Is.EqualTo("Pricing error"));
            Assert.That(order.CancellationInitiator, Is.EqualTo("SELLER"));

            // Money as exact decimals.
            Assert.That(order.Payment!.Currency, Is.EqualTo("IDR"));
            Assert.That(order.Payment.TotalAmount, Is.EqualTo(5000m));
            Assert.That(order.Payment.SubTotal, Is.EqualTo(5000m));

            // Recipient.
            var address = order.RecipientAddress!;
            Assert.That(address.Name, Is.EqualTo("David Kong"));
            Assert.That(address.PostalCode, Is.EqualTo("95110"));
            Assert.That(address.RegionCode, Is.EqualTo("US"));
            Assert.That(address.AddressLine1, Is.EqualTo("TikTok 5800 bristol Pkwy"));
            Assert.That(address.PostTown, Is.EqualTo("Ribbleton"));
            Assert.That(address.DistrictInfo.Single().AddressName, Is.EqualTo("United Kingdom"));

            // Line items with SKU ids, seller SKUs, exact prices and the virtual bundle's components.
            var line = order.LineItems.Single();
            Assert.That(line.Id, Is.EqualTo("577086512123755123"));
            Assert.That(line.SkuId, Is.EqualTo("2729382476852921560"));
            Assert.That(line.SellerSku, Is.EqualTo("red_iphone_256"));
            Assert.That(line.SalePrice, Is.EqualTo(0.01m));
            Assert.That(line.PackageId, Is.EqualTo("1153132168123859123"));
            Assert.That(line.CancelUser, Is.EqualTo("BUYER"));
            var component = line.CombinedListingSkus.Single();
            Assert.That(component.SkuId, Is.EqualTo("2729382476852921123"));
            Assert.That(component.SkuCount, Is.EqualTo(1));
            Assert.That(component.SellerSku, Is.EqualTo("yellow-24-XL"));
            Assert.That(component.ProductId, Is.EqualTo("1729582718312380456"));
            Assert.That(order.Packages.Single().Id, Is.EqualTo("1152321127278713123"));
        });
    }

    [Test]
    public async Task Order_search_example_reads_the_page()
    {
        await using var world = ReferenceClient.Create();

        var page = await world.Client.SearchOrdersAsync(world.Shop, new TikTokOrderSearch(), new TikTokPageRequest(), Ct);

        Assert.That(page.TotalCount, Is.EqualTo(22113));
        Assert.That(page.NextPageToken, Does.StartWith("6AsPQsUMvH3RkchNUPPh22NROHkE0D8pmq"));
        var order = page.Orders.Single();
        Assert.That(order.Id, Is.EqualTo("576461413038785752"));
        Assert.That(order.LineItems, Is.Not.Empty);
        Assert.That(order.LineItems[0].SkuId, Is.Not.Empty);
    }

    [Test]
    public async Task Product_examples_read_skus_prices_and_stock()
    {
        await using var world = ReferenceClient.Create();

        var page = await world.Client.SearchProductsAsync(world.Shop, new TikTokProductSearch(), new TikTokPageRequest(), Ct);
        var product = await world.Client.GetProductAsync(world.Shop, "1729592969712207008", Ct);

        Assert.That(page.TotalCount, Is.EqualTo(200));
        Assert.That(page.NextPageToken, Is.EqualTo("b2Zmc2V0PTAK"));
        var sku = page.Products.Single().Skus.Single();
        Assert.That(sku.Id, Is.EqualTo("1729592969712207012"));
        Assert.That(sku.SellerSku, Is.EqualTo("Color-Red-XM01"));
        Assert.That(sku.Price!.SalePrice, Is.EqualTo(121.11m));
        Assert.That(sku.Inventory.Single(), Is.EqualTo(new TikTokWarehouseInventory("7068517275539719942", 999)));
        Assert.That(product.Id, Is.EqualTo("1729592969712207008"));
        Assert.That(product.Skus, Is.Not.Empty);
        Assert.That(product.Skus[0].Inventory, Is.Not.Empty);
    }

    [Test]
    public async Task Inventory_update_example_names_the_refused_sku()
    {
        await using var world = ReferenceClient.Create();

        var result = await world.Client.UpdateInventoryAsync(world.Shop, "1729592969712207008",
            [new TikTokSkuInventory("1729592969712207013", [new TikTokWarehouseInventory("7068517275539719942", 5)])], Ct);

        var error = result.Errors.Single();
        Assert.That(result.FailedSkuIds, Is.EquivalentTo(new[] { "1729592969712207013" }));
        Assert.That(error.Code, Is.EqualTo(12052990));
        Assert.That(error.ToString(), Does.Contain("warehouse 7068517275539719942 12052097 The warehouse does not exist"));
    }

    [Test]
    public async Task Logistics_examples_read_warehouses_options_and_carriers()
    {
        await using var world = ReferenceClient.Create();

        var warehouse = (await world.Client.GetWarehousesAsync(world.Shop, Ct)).Single();
        var option = (await world.Client.GetDeliveryOptionsAsync(world.Shop, warehouse.Id, Ct)).Single();
        var provider = (await world.Client.GetShippingProvidersAsync(world.Shop, option.Id, Ct)).Single();

        Assert.That((warehouse.Id, warehouse.Type, warehouse.IsDefault, warehouse.EffectStatus), Is.EqualTo(("7000714532876273410", "SALES_WAREHOUSE", true, "ENABLED")));
        Assert.That(warehouse.Address!.RegionCode, Is.EqualTo("CN"));
        Assert.That((option.Id, option.Type), Is.EqualTo(("6955034615128000261", "STANDARD")));
        Assert.That((provider.Id, provider.Name), Is.EqualTo(("7117858858072016686", "USPS")));
    }

    [Test]
    public async Task Mark_package_as_shipped_example_keeps_the_warning()
    {
        await using var world = ReferenceClient.Create();

        var package = await world.Client.MarkPackageShippedAsync(world.Shop, "32131324123321", new TikTokShipPackageRequest("JX1", "1", ["31322412312312"]), Ct);

        Assert.That(package.PackageId, Is.EqualTo("32141235124234"));
        Assert.That(package.OrderLineItemIds, Is.EqualTo(new[] { "31322412312312" }));
        Assert.That(package.Warning?.Message, Is.EqualTo("match more than one provider"));
    }

    [Test]
    public async Task Authorized_shops_example_reads_the_cipher()
    {
        await using var world = ReferenceClient.Create();

        var shop = (await world.Client.GetAuthorizedShopsAsync(new TikTokAccessToken(ReferenceClient.AccessToken, DateTimeOffset.UtcNow.AddDays(1)), Ct)).Single();

        Assert.That((shop.Id, shop.Region, shop.Cipher, shop.SellerType, shop.Code),
            Is.EqualTo(("7000714532876273420", "GB", "GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3", "CROSS_BORDER", "CNGBCBA4LLU8")));
    }

    [Test]
    public async Task Cancellation_and_return_examples_read_ids_statuses_lines_and_refunds()
    {
        await using var world = ReferenceClient.Create();

        var cancellation = (await world.Client.SearchCancellationsAsync(world.Shop, new TikTokCancellationSearch(), new TikTokPageRequest(), Ct)).Cancellations.Single();
        var returned = (await world.Client.SearchReturnsAsync(world.Shop, new TikTokReturnSearch(), new TikTokPageRequest(), Ct)).ReturnOrders.Single();

        Assert.That((cancellation.CancelId, cancellation.OrderId, cancellation.CancelStatus, cancellation.Role),
            Is.EqualTo(("4035318504086604100", "577087614418520388", "CANCELLATION_REQUEST_PENDING", "BUYER")));
        Assert.That(cancellation.RefundAmount!.RefundTotal, Is.EqualTo(1.23m));
        Assert.That(cancellation.CancelLineItems.Single().OrderLineItemId, Is.EqualTo("576468844534141348"));
        Assert.That(cancellation.CancelLineItems.Single().SellerSku, Is.EqualTo("YYAPC23078TRT30"));
        Assert.That((returned.ReturnId, returned.OrderId, returned.ReturnStatus, returned.ReturnType),
            Is.EqualTo(("4035318504086604100", "577686530908261117", "RETURN_OR_REFUND_REQUEST_PENDING", "REFUND")));
        Assert.That(returned.ReturnLineItems.Single().SkuId, Is.EqualTo("2729382476852921560"));
    }
}
