using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Connector.Catalog;
using Connector.EndToEndTests.Onboarding;
using Connector.Fulfilment;
using Connector.Orders;
using Connector.Shops;
using Connector.Storage;
using Connector.Support;
using Connector.TikTok.Api;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.EndToEndTests.Fulfilment;

/// <summary>
/// One test's world for shipments: an onboarded shop (tokens in the Key Vault emulator) of <see cref="MerchantId"/> in the
/// local host, the simulator's default products in the merchant's catalog, and helpers to store simulator orders and
/// call the shipment endpoints.
/// </summary>
public sealed class FulfilmentWorld : IAsyncDisposable
{
    public const string MerchantId = "merchant-1";
    public const string PackagesPath = "/fulfillment/202309/orders/{order_id}/packages";
    public const string ShippingInfoPath = "/fulfillment/202309/orders/{order_id}/shipping_info/update";

    private FulfilmentWorld(OnboardingWorld inner, SimShop shop)
    {
        Inner = inner;
        SimShop = shop;
    }

    public static TikTokSimulatorServer Sim => OnboardingWorld.Sim;

    public OnboardingWorld Inner { get; }
    public SimShop SimShop { get; }
    public string ShopId => SimShop.Id;
    public IServiceProvider Services => Inner.Host.Services;
    public OrderStore Orders => Services.GetRequiredService<OrderStore>();
    public SupportCaseStore Cases => Inner.Cases;

    public static async Task<FulfilmentWorld> StartAsync()
    {
        var inner = await OnboardingWorld.StartAsync();
        try
        {
            var (_, status, html) = await inner.OnboardAsync(MerchantId);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);
            var shop = inner.Seller.Shops[0];
            Sim.State.GenerateOrders(shop.Id, 0, 1); // seeds the default products
            var skus = Sim.State.Shop(shop.Id).Products.Values.SelectMany(p => p.Skus).Select(s => new CatalogSku(s.SellerSku, null)).ToArray();
            await inner.Host.Services.GetRequiredService<SkuCatalog>().UpsertAsync(MerchantId, skus, CancellationToken.None);
            return new FulfilmentWorld(inner, shop);
        }
        catch
        {
            await inner.DisposeAsync();
            throw;
        }
    }

    /// <summary>A seller-shipped AWAITING_SHIPMENT order in the simulator with at least <paramref name="minUnits"/> units, stored by the connector.</summary>
    public async Task<SimOrder> StoredOrderAsync(int minUnits = 1, int seed = 1)
    {
        var order = Sim.State.GenerateOrders(ShopId, 40, seed, status: TikTokOrderStatus.AwaitingShipment)
            .First(o => o.LineItems.Count >= minUnits);
        await ImportAsync(order.Id);
        return order;
    }

    /// <summary>Stores the simulator's current version of an order, as the order pull would.</summary>
    public async Task<StoredOrder> ImportAsync(string orderId)
    {
        var client = Services.GetRequiredService<ITikTokShopClient>();
        var tiktok = await client.GetOrdersAsync(new TikTokShopRef(ShopId, SimShop.Cipher), [orderId], CancellationToken.None);
        await Services.GetRequiredService<OrderImporter>().ImportAsync(new OrderShopContext(ShopId, MerchantId, new OrderImportSettings()), tiktok, OrderSources.Poll, CancellationToken.None);
        return (await Orders.GetAsync(ShopId, orderId, CancellationToken.None))!.Order;
    }

    public async Task<StoredOrder> StoredAsync(string orderId) => (await Orders.GetAsync(ShopId, orderId, CancellationToken.None))!.Order;

    public SimShippingProvider Provider(string name) => SimShop.Warehouses.SelectMany(w => w.DeliveryOptions).SelectMany(d => d.ShippingProviders).Single(p => p.Name == name);

    public int Calls(string path) => Sim.Calls.Count(Inner.App.AppKey, path);

    public async Task SetFulfilmentAsync(FulfilmentSettings settings)
    {
        var shops = Services.GetRequiredService<ShopRepository>();
        var shop = (await shops.GetAsync(ShopId, CancellationToken.None))!;
        shop.Settings.Fulfilment = settings;
        await shops.UpdateAsync(shop, shop.Status, CancellationToken.None);
    }

    public static object Body(string orderId, object lines, string carrier = "Royal Mail", string tracking = "RM123456789GB", string? key = null) => new
    {
        orderId,
        lines,
        carrier,
        trackingNumber = tracking,
        shippedAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O"),
        idempotencyKey = key ?? "ship-" + Guid.NewGuid().ToString("N"),
    };

    public sealed record Answer(HttpStatusCode Status, JsonElement Body, string? Location);

    public async Task<Answer> PostShipmentAsync(object body, string merchantId = MerchantId, bool withKey = true) =>
        await SendAsync(HttpMethod.Post, $"api/merchants/{merchantId}/shipments", JsonContent.Create(body), withKey);

    public async Task<Answer> PostRawAsync(string json, string merchantId = MerchantId) =>
        await SendAsync(HttpMethod.Post, $"api/merchants/{merchantId}/shipments", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), withKey: true);

    public async Task<Answer> GetShipmentAsync(string shipmentId, string merchantId = MerchantId) =>
        await SendAsync(HttpMethod.Get, $"api/merchants/{merchantId}/shipments/{shipmentId}", null, withKey: true);

    /// <summary>Posts, expects 202, and waits until the worker has decided (Shipped or Failed).</summary>
    public async Task<JsonElement> ShipAsync(object body)
    {
        var accepted = await PostShipmentAsync(body);
        Assert.That(accepted.Status, Is.EqualTo(HttpStatusCode.Accepted), accepted.Body.ToString());
        return await OutcomeAsync(accepted.Body.GetProperty("shipmentId").GetString()!);
    }

    public async Task<JsonElement> OutcomeAsync(string shipmentId)
    {
        JsonElement last = default;
        await Eventually.HoldsAsync(async () =>
        {
            last = (await GetShipmentAsync(shipmentId)).Body;
            return last.GetProperty("status").GetString() != nameof(ShipmentStatus.Accepted);
        }, $"shipment {shipmentId} leaves Accepted");
        return last;
    }

    /// <summary>Rows in the Shipments table.</summary>
    public async Task<int> ShipmentRowsAsync()
    {
        var table = await Services.GetRequiredService<StorageClients>().TableAsync(ShipmentStore.TableName, CancellationToken.None);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(cancellationToken: CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    private async Task<Answer> SendAsync(HttpMethod method, string path, HttpContent? content, bool withKey)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (withKey)
        {
            request.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        }

        using var response = await Inner.Host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement body = default;
        try
        {
            body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException)
        {
        }

        return new Answer(response.StatusCode, body, response.Headers.Location?.ToString());
    }

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
