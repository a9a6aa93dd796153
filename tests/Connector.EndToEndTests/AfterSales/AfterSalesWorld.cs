using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Connector.AfterSales;
using Connector.Catalog;
using Connector.EndToEndTests.Onboarding;
using Connector.Orders;
using Connector.Shops;
using Connector.Support;
using Connector.TikTok.Api;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.EndToEndTests.AfterSales;

/// <summary>
/// One test's world for after-sales: an Active shop of <see cref="MerchantId"/> in the local host, the simulator's products in the
/// merchant's catalog, and the simulator pushing its webhooks (11, 12, 1) to the host as TikTok would after Partner Center
/// registration. Helpers store simulator orders, call the back-office API and wait for what webhooks bring.
/// </summary>
public sealed class AfterSalesWorld : IAsyncDisposable
{
    public const string MerchantId = "merchant-1";

    private AfterSalesWorld(OnboardingWorld inner, SimShop shop)
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
    public AfterSalesStore Requests => Services.GetRequiredService<AfterSalesStore>();
    public SupportCaseStore Cases => Inner.Cases;

    public static async Task<AfterSalesWorld> StartAsync(IDictionary<string, string?>? settings = null, bool autoApprove = true, string merchantId = MerchantId)
    {
        var inner = await OnboardingWorld.StartAsync(settings);
        try
        {
            var (_, status, html) = await inner.OnboardAsync(merchantId);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);
            var simShop = inner.Seller.Shops[0];
            var shops = inner.Host.Services.GetRequiredService<ShopRepository>();
            var shop = (await shops.GetAsync(simShop.Id, CancellationToken.None))!;
            var before = shop.Status;
            shop.Status = ShopStatus.Active;
            shop.Settings.AfterSales = new AfterSalesSettings { AutoApproveBuyerCancellations = autoApprove };
            await shops.UpdateAsync(shop, before, CancellationToken.None);
            Sim.State.GenerateOrders(simShop.Id, 0, 1); // the default products
            var skus = Sim.State.Locked(() => Sim.State.Shop(simShop.Id).Products.Values.SelectMany(p => p.Skus).Select(s => new CatalogSku(s.SellerSku, null)).ToArray());
            await inner.Host.Services.GetRequiredService<SkuCatalog>().UpsertAsync(merchantId, skus, CancellationToken.None);
            Sim.State.SetWebhookUrl(inner.App.AppKey, new Uri(inner.Host.Http.BaseAddress!, "api/webhooks/tiktok"));
            return new AfterSalesWorld(inner, simShop);
        }
        catch
        {
            await inner.DisposeAsync();
            throw;
        }
    }

    /// <summary>A simulator order in <paramref name="status"/> with at least <paramref name="minUnits"/> units, stored by the connector as the order pull would.</summary>
    public async Task<StoredOrder> StoredOrderAsync(string status = TikTokOrderStatus.AwaitingShipment, int minUnits = 1, int seed = 1, int minSkus = 1)
    {
        var order = Sim.State.GenerateOrders(ShopId, 40, seed, status: status)
            .First(o => o.LineItems.Count >= minUnits && o.LineItems.Select(l => l.SellerSku).Distinct().Count() >= minSkus);
        return await ImportAsync(order.Id);
    }

    public async Task<StoredOrder> ImportAsync(string orderId)
    {
        var tiktok = await Services.GetRequiredService<ITikTokShopClient>().GetOrdersAsync(new TikTokShopRef(ShopId, SimShop.Cipher), [orderId], CancellationToken.None);
        await Services.GetRequiredService<OrderImporter>().ImportAsync(new OrderShopContext(ShopId, MerchantId, new OrderImportSettings()), tiktok, OrderSources.Poll, CancellationToken.None);
        return await StoredAsync(orderId);
    }

    public async Task<StoredOrder> StoredAsync(string orderId) => (await Orders.GetAsync(ShopId, orderId, CancellationToken.None))!.Order;

    public SimOrder SimOrder(string orderId) => Sim.State.Locked(() => Sim.State.Shop(ShopId).Orders[orderId]);

    public SimReverse SimCancellation(string id) => Sim.State.Locked(() => Sim.State.Shop(ShopId).Cancellations[id]);

    public SimReverse SimReturn(string id) => Sim.State.Locked(() => Sim.State.Shop(ShopId).Returns[id]);

    /// <summary>Calls this world's app made to a route pattern (e.g. "/return_refund/202309/cancellations/{cancel_id}/approve").</summary>
    public int Calls(string path) => Sim.Calls.Count(Inner.App.AppKey, path);

    public async Task<AfterSalesRequest?> RequestAsync(string requestId) => (await Requests.FindAsync(MerchantId, requestId, CancellationToken.None))?.Request;

    /// <summary>Waits until the connector holds the request in one of <paramref name="states"/> (webhooks arrive within seconds).</summary>
    public async Task<AfterSalesRequest> RequestInAsync(string requestId, params AfterSalesState[] states)
    {
        AfterSalesRequest? last = null;
        await Eventually.HoldsAsync(async () => (last = await RequestAsync(requestId)) is { } r && states.Contains(r.State),
            $"request {requestId} in {string.Join(" or ", states)} (last: {last?.State} / {last?.TikTokStatus})");
        return last!;
    }

    public async Task<StoredOrder> OrderInAsync(string orderId, OrderState state)
    {
        StoredOrder? last = null;
        await Eventually.HoldsAsync(async () => (last = await StoredAsync(orderId)).State == state, $"order {orderId} {state} (last: {last?.State}: {last?.StateReason})");
        return last!;
    }

    public sealed record Answer(HttpStatusCode Status, JsonElement Body, string? ContentType, bool Replayed);

    public async Task<Answer> SendAsync(HttpMethod method, string path, object? body = null, string? raw = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        if (raw is not null)
        {
            request.Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Inner.Host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return new Answer(response.StatusCode, json, response.Content.Headers.ContentType?.MediaType, response.Headers.Contains("Idempotent-Replayed"));
    }

    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<Answer> ActAsync(string requestId, string action, object? body = null, string merchantId = MerchantId) =>
        SendAsync(HttpMethod.Post, $"api/merchants/{merchantId}/after-sales/{requestId}/{action}", body ?? new { });

    public Task<Answer> CancelOrderAsync(string orderId, object body, string merchantId = MerchantId) =>
        SendAsync(HttpMethod.Post, $"api/merchants/{merchantId}/orders/{orderId}/cancel", body);

    public Task<Answer> ReleaseAsync(string orderId) => SendAsync(HttpMethod.Post, $"api/merchants/{MerchantId}/orders/{orderId}/release");

    /// <summary>TikTok's reject reasons for a request, through the back-office API.</summary>
    public async Task<IReadOnlyList<string>> RejectReasonsAsync(string requestId)
    {
        var answer = await GetAsync($"api/merchants/{MerchantId}/after-sales/{requestId}/reject-reasons");
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.Body.ToString());
        return answer.Body.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToArray();
    }

    /// <summary>The after-sales rows of the merchant (to check a refused call changed nothing).</summary>
    public async Task<string> SnapshotAsync(string requestId) => JsonSerializer.Serialize(await RequestAsync(requestId));

    public ValueTask DisposeAsync()
    {
        Sim.State.SetWebhookUrl(Inner.App.AppKey, null);
        return Inner.DisposeAsync();
    }
}
