using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Connector.Catalog;
using Connector.EndToEndTests.Onboarding;
using Connector.Labels;
using Connector.Orders;
using Connector.Runs;
using Connector.Storage;
using Connector.Support;
using Connector.TikTok.Api;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.EndToEndTests.Labels;

/// <summary>
/// One test's world for TikTok Shipping: a seller with a GB shop and a US shop in the simulator, onboarded for
/// <see cref="MerchantId"/> through the local host, the default products in the merchant's catalog, and helpers to make
/// TikTok Shipping orders, call the label endpoints and send webhooks.
/// </summary>
public sealed class LabelsWorld : IAsyncDisposable
{
    public const string MerchantId = "merchant-labels";
    public const string OtherMerchantId = "merchant-other";
    public const string CreatePackagePath = "/fulfillment/202309/packages";
    public const string ShipPackagePath = "/fulfillment/202309/packages/{package_id}/ship";
    public const string DocumentPath = "/fulfillment/202309/packages/{package_id}/shipping_documents";

    private LabelsWorld(OnboardingWorld inner, SimShop gb, SimShop us)
    {
        Inner = inner;
        Gb = gb;
        Us = us;
    }

    public static TikTokSimulatorServer Sim => OnboardingWorld.Sim;

    public OnboardingWorld Inner { get; }
    public SimShop Gb { get; }
    public SimShop Us { get; }
    public IServiceProvider Services => Inner.Host.Services;
    public OrderStore Orders => Services.GetRequiredService<OrderStore>();
    public SupportCaseStore Cases => Inner.Cases;
    public Uri WebhookUrl => new(Inner.Host.Http.BaseAddress!, "api/webhooks/tiktok");

    public static async Task<LabelsWorld> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["OrderPull:Lag"] = "00:00:00", ["Labels:DocumentRetryDelay"] = "00:00:00.500" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var inner = await OnboardingWorld.StartAsync(values);
        try
        {
            var us = Sim.State.AddShop(inner.Seller.OpenId, "US shop", "US");
            var (_, status, html) = await inner.OnboardAsync(MerchantId);
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK), html);
            var gb = inner.Seller.Shops.First(s => s.Region == "GB");
            foreach (var shop in new[] { gb, us })
            {
                Sim.State.GenerateOrders(shop.Id, 0, 1); // the default products
                var skus = Sim.State.Shop(shop.Id).Products.Values.SelectMany(p => p.Skus).Select(s => new CatalogSku(s.SellerSku, null)).ToArray();
                await inner.Host.Services.GetRequiredService<SkuCatalog>().UpsertAsync(MerchantId, skus, CancellationToken.None);
            }

            return new LabelsWorld(inner, gb, us);
        }
        catch
        {
            await inner.DisposeAsync();
            throw;
        }
    }

    /// <summary>A TikTok Shipping AWAITING_SHIPMENT order in the simulator with at least <paramref name="minUnits"/> units (not stored yet).</summary>
    public SimOrder TikTokShippingOrder(SimShop shop, int minUnits = 1, int seed = 1)
    {
        var order = Sim.State.GenerateOrders(shop.Id, 40, seed, status: TikTokOrderStatus.AwaitingShipment).First(o => o.LineItems.Count >= minUnits);
        return Sim.State.UseTikTokShipping(shop.Id, order.Id);
    }

    /// <summary>The same, stored by the connector as the order pull stores it.</summary>
    public async Task<SimOrder> StoredTikTokShippingOrderAsync(SimShop shop, int minUnits = 1, int seed = 1)
    {
        var order = TikTokShippingOrder(shop, minUnits, seed);
        await ImportAsync(shop, order.Id);
        return order;
    }

    public async Task<StoredOrder> ImportAsync(SimShop shop, string orderId)
    {
        var client = Services.GetRequiredService<ITikTokShopClient>();
        var tiktok = await client.GetOrdersAsync(new TikTokShopRef(shop.Id, shop.Cipher), [orderId], CancellationToken.None);
        await Services.GetRequiredService<OrderImporter>().ImportAsync(new OrderShopContext(shop.Id, MerchantId, new OrderImportSettings()), tiktok, OrderSources.Poll, CancellationToken.None);
        return await StoredAsync(shop, orderId);
    }

    public async Task<StoredOrder> StoredAsync(SimShop shop, string orderId) => (await Orders.GetAsync(shop.Id, orderId, CancellationToken.None))!.Order;

    /// <summary>Support activates the shop over HTTP (the initial import runs through the queue) and waits for the pull.</summary>
    public async Task ActivateAsync(SimShop shop)
    {
        // The pull reads up to now (update_time < now): what the simulator changed this very second comes with the next one.
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var (status, body) = await SendAsync(HttpMethod.Post, $"api/admin/shops/{shop.Id}/activate", new { });
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var runs = Services.GetRequiredService<RunStore>();
        await Eventually.HoldsAsync(
            async () => (await runs.ListAsync(shop.Id, RunKinds.OrderPull, RunOutcome.Succeeded, null, 10, CancellationToken.None)).Runs.Count >= 1,
            "the initial order pull");
    }

    public static object LabelBody(string? key = null, object? lines = null, decimal weight = 2.5m, string unit = "POUND", object? dimensions = null, string? shippingServiceId = null,
        string? handoverMethod = null, string[]? combineWith = null) => new
    {
        idempotencyKey = key ?? "label-" + Guid.NewGuid().ToString("N"),
        lines = lines ?? "all",
        weight = new { value = weight, unit },
        dimensions = dimensions ?? new { length = 10, width = 8, height = 4, unit = "INCH" },
        shippingServiceId,
        handoverMethod,
        combineWith,
    };

    public Task<(HttpStatusCode Status, JsonElement Body)> PostLabelAsync(string orderId, object body, string merchantId = MerchantId) =>
        SendAsync(HttpMethod.Post, $"api/merchants/{merchantId}/orders/{orderId}/labels", body);

    public Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body, bool withKey = true, string? raw = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (raw is not null)
        {
            request.Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (withKey)
        {
            request.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        }

        using var response = await Inner.Host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length > 0 && text.TrimStart().StartsWith('{') ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return (response.StatusCode, json);
    }

    /// <summary>Downloads a document URL the API gave (with or without the function key).</summary>
    public async Task<(HttpStatusCode Status, byte[] Bytes, string? ContentType)> DownloadAsync(string url, bool withKey = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url.TrimStart('/'));
        if (withKey)
        {
            request.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        }

        using var response = await Inner.Host.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Waits until the label leaves Accepted (the queue worker finished it) and answers it.</summary>
    public async Task<JsonElement> OutcomeAsync(string labelId)
    {
        JsonElement last = default;
        await Eventually.HoldsAsync(async () =>
        {
            last = (await GetAsync($"api/merchants/{MerchantId}/labels/{labelId}")).Body;
            return last.GetProperty("status").GetString() != nameof(LabelStatus.Accepted);
        }, $"label {labelId} leaves Accepted");
        return last;
    }

    public int Calls(string path) => Sim.Calls.Count(Inner.App.AppKey, path);

    public Task<int> WebhookAsync(int type, SimShop shop, object data) =>
        Sim.SendWebhookAsync(WebhookUrl, Inner.App.AppKey, type, shop.Id, JsonSerializer.SerializeToElement(data), CancellationToken.None);

    /// <summary>Blob names under the merchant in the labels container (Azurite's blob service).</summary>
    public Task<IReadOnlyList<string>> BlobsAsync() => Services.GetRequiredService<LabelDocuments>().ListAsync(MerchantId + "/", CancellationToken.None);

    public async Task<int> LabelRowsAsync()
    {
        var table = await Services.GetRequiredService<StorageClients>().TableAsync(LabelStore.TableName, CancellationToken.None);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(cancellationToken: CancellationToken.None))
        {
            count++;
        }

        return count;
    }

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
