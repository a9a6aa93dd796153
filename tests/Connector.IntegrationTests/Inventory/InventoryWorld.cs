using Connector.IntegrationTests.TikTok;
using Connector.Inventory;
using Connector.Messaging;
using Connector.Runs;
using Connector.Shops;
using Connector.Support;
using Connector.Telemetry;
using Connector.Testing;
using Connector.TikTok.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TikTokSimulator;

namespace Connector.IntegrationTests.Inventory;

/// <summary>
/// One test's inventory world: its own tables and queues in Azurite, its own app, seller and shop in the simulator, the
/// shop registered Active for merchant <see cref="MerchantId"/>, and the inventory capability wired as the host wires it.
/// </summary>
public sealed class InventoryWorld : IAsyncDisposable
{
    private readonly ServiceProvider services;

    private InventoryWorld(ServiceProvider services, TikTokTestShop tiktok, string merchantId)
    {
        this.services = services;
        TikTok = tiktok;
        MerchantId = merchantId;
    }

    public static TikTokSimulatorServer Sim => TikTokTestShop.Sim;

    public TikTokTestShop TikTok { get; }

    public string MerchantId { get; }

    public string ShopId => TikTok.Shop.ShopId;

    /// <summary>The shop's default sales warehouse in the simulator.</summary>
    public string DefaultWarehouse => TikTok.SimShop.Warehouses.First(w => w.IsDefault).Id;

    public T Get<T>() where T : notnull => services.GetRequiredService<T>();

    /// <summary>Inventory calls this test's app made.</summary>
    public int InventoryCalls => TikTok.Calls("/product/202309/products/{product_id}/inventory/update");

    /// <param name="client">Wraps the real client, e.g. a <see cref="DelegatingShopClient"/> that breaks one call.</param>
    public static async Task<InventoryWorld> CreateAsync(InventorySettings settings, Func<ITikTokShopClient, ITikTokShopClient>? client = null,
        IDictionary<string, string?>? configuration = null)
    {
        var tiktok = await TikTokTestShop.CreateAsync();
        var prefix = TestEnvironment.UniquePrefix();
        var config = TestEnvironment.Current.CreateConfiguration(prefix, configuration);
        var collection = new ServiceCollection();
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton(TestEnvironment.Current.CreateStorage(prefix));
        collection.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(config);
        collection.AddSingleton(TestMetrics.Create());
        collection.AddConnectorMessaging(config);
        collection.AddConnectorShops();
        collection.AddConnectorSupport();
        collection.AddConnectorRuns();
        collection.AddConnectorInventory(config);
        collection.AddSingleton(client is null ? tiktok.Client : client(tiktok.Client));
        var provider = collection.BuildServiceProvider();

        var merchantId = "merchant-" + Guid.NewGuid().ToString("N")[..8];
        var now = DateTimeOffset.UtcNow;
        await provider.GetRequiredService<ShopRepository>().CreateAsync(new ShopRecord
        {
            ShopId = tiktok.Shop.ShopId, MerchantId = merchantId, Cipher = tiktok.Shop.Cipher, AppKey = tiktok.App.AppKey, AuthorizationId = "auth-" + merchantId,
            Status = ShopStatus.Active, CreatedAt = now, UpdatedAt = now, Settings = new ShopSettings { Inventory = settings },
        }, CancellationToken.None);
        return new InventoryWorld(provider, tiktok, merchantId);
    }

    /// <summary>TikTok products: one per entry, each with the given seller SKUs, stock 100 in the default warehouse.</summary>
    public IReadOnlyList<SimProduct> SetProducts(params string[][] products) => Sim.State.SetProducts(ShopId,
        products.Select((skus, i) => new SimProductInput(null, "Product " + i, skus.Select(s => new SimSkuInput(null, s, 9.99m, [new SimStockInput(DefaultWarehouse, 100)])).ToArray())));

    /// <summary>The simulator's SKU id of a seller SKU.</summary>
    public string SkuId(string sellerSku) => Sim.State.Shop(ShopId).Products.Values.SelectMany(p => p.Skus).Single(s => s.SellerSku == sellerSku).Id;

    /// <summary>The simulator's stock of a seller SKU in a warehouse (default: the default warehouse).</summary>
    public int Stock(string sellerSku, string? warehouse = null) => Sim.State.Stock(ShopId, SkuId(sellerSku), warehouse ?? DefaultWarehouse);

    public Task<ProductSyncResult> SyncProductsAsync() => SyncProductsAsync(ShopId);

    public async Task<ProductSyncResult> SyncProductsAsync(string shopId)
    {
        var shop = await Get<ShopRepository>().GetAsync(shopId, CancellationToken.None);
        return await Get<ProductSyncHandler>().SyncAsync(shop!, "test", CancellationToken.None);
    }

    /// <summary>Stock in, as the back office sends it (asOf now unless given).</summary>
    public async Task<StockInResult> StockInAsync(params (string Sku, string Location, long Quantity)[] levels) =>
        await StockInAsync(DateTimeOffset.UtcNow, levels);

    public async Task<StockInResult> StockInAsync(DateTimeOffset asOf, params (string Sku, string Location, long Quantity)[] levels)
    {
        var shops = await Get<ShopRepository>().ListByMerchantAsync(MerchantId, CancellationToken.None);
        return await Get<StockInHandler>().StoreAsync(MerchantId, shops, levels.Select(l => new StockLevel(l.Sku, l.Location, l.Quantity, asOf)).ToArray(), CancellationToken.None);
    }

    public Task<InventoryPushResult> PushAsync(bool fullResync = false) =>
        Get<InventoryPushHandler>().HandleAsync(new InventoryPushMessage(ShopId, "test", fullResync), CancellationToken.None);

    public async Task UpdateSettingsAsync(Func<InventorySettings, InventorySettings> change)
    {
        var repository = Get<ShopRepository>();
        var shop = (await repository.GetAsync(ShopId, CancellationToken.None))!;
        shop.Settings.Inventory = change(shop.Settings.Inventory!);
        await repository.UpdateAsync(shop, shop.Status, CancellationToken.None);
    }

    public async Task<IReadOnlyList<RunRecord>> RunsAsync(string kind) =>
        (await Get<RunStore>().ListAsync(ShopId, kind, null, null, 50, CancellationToken.None)).Runs;

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await TikTok.DisposeAsync();
    }
}
