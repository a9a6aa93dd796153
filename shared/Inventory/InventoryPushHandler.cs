using System.Collections.Concurrent;
using System.Globalization;
using Connector.Messaging;
using Connector.Runs;
using Connector.Shops;
using Connector.Telemetry;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Inventory;

/// <summary>The inventory-push queue's message.</summary>
/// <param name="Trigger">schedule, stock-out, activation, admin.</param>
/// <param name="FullResync">Push every computed quantity, changed or not (admin).</param>
public sealed record InventoryPushMessage(string ShopId, string Trigger = "schedule", bool FullResync = false);

public sealed class InventoryOptions
{
    public const string Section = "Inventory";

    /// <summary>How soon after a stock-out the affected shops are pushed (stock-outs in this window share one push).</summary>
    public TimeSpan StockOutDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one push holds its shop (a crashed push frees it after this).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>TikTok inventory calls in flight per shop (the client's rate limiter applies as well).</summary>
    public int ProductsInParallel { get; set; } = 4;
}

/// <summary>What one push did (<see cref="Failures"/>: products whose call failed plus SKUs TikTok refused).</summary>
public sealed record InventoryPushResult(RunOutcome Outcome, int ProductsPushed, int SkusChanged, int Failures, string? Reason = null);

/// <summary>
/// Pushes one shop's stock: computes the quantity of every mapped TikTok SKU and warehouse from the merchant's stock
/// levels and the shop's <see cref="InventorySettings"/>, compares with what was last pushed, and sends only the
/// changes, one call per product. A product whose call fails keeps its old snapshot, so it goes out next run; when
/// every call failed transiently the run rethrows (the host retries, then poisons).
/// </summary>
public sealed partial class InventoryPushHandler(
    ShopRepository shops,
    StockLevelStore levels,
    SkuMapStore map,
    PushSnapshotStore snapshots,
    RunStore runs,
    MessageQueue messages,
    QueueNames queues,
    ITikTokShopClient tiktok,
    ConnectorMetrics metrics,
    IOptions<InventoryOptions> options,
    TimeProvider time,
    ILogger<InventoryPushHandler> logger)
{
    private const int FailedProductsInDetails = 20;

    public async Task<InventoryPushResult> HandleAsync(InventoryPushMessage message, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ShopId"] = message.ShopId });
        var shop = await shops.GetAsync(message.ShopId, cancellationToken);
        if (shop is null || shop.Status != ShopStatus.Active || shop.Settings.Inventory is not { Enabled: true } settings)
        {
            var reason = shop is null ? "unknown shop" : shop.Status != ShopStatus.Active ? "the shop is " + shop.Status : "inventory export is off";
            LogSkipped(message.ShopId, reason);
            return new InventoryPushResult(RunOutcome.Skipped, 0, 0, 0, reason);
        }

        var now = time.GetUtcNow();
        if (await snapshots.TryLeaseAsync(shop.ShopId, now, now + options.Value.Lease, cancellationToken) is not { } lease)
        {
            // Another push of this shop is running: push again after it, so this message's stock is not lost.
            await messages.SendAsync(queues.InventoryPush, message, cancellationToken, options.Value.StockOutDelay);
            LogSkipped(shop.ShopId, "another push of this shop is running; pushing again shortly");
            return new InventoryPushResult(RunOutcome.Skipped, 0, 0, 0, "another push is running");
        }

        var run = new RunRecord { ShopId = shop.ShopId, RunId = Guid.NewGuid().ToString("N")[..12], Kind = RunKinds.InventoryPush, Trigger = message.Trigger, StartedAt = now };
        try
        {
            await runs.SaveAsync(run, cancellationToken);
            var result = await PushAsync(shop, settings, run, message.FullResync, cancellationToken);
            return result;
        }
        catch (Exception ex)
        {
            await runs.SaveAsync(run.Failed(ex, time.GetUtcNow()), CancellationToken.None);
            if (ex is TikTokException { Kind: TikTokErrorKind.AuthorizationRevoked })
            {
                LogSkipped(shop.ShopId, "TikTok refused the shop's authorization; the token refresh marks it for re-authorization");
                return new InventoryPushResult(RunOutcome.Failed, 0, 0, 0, "authorization revoked");
            }

            throw;
        }
        finally
        {
            await lease.DisposeAsync();
        }
    }

    private async Task<InventoryPushResult> PushAsync(ShopRecord shop, InventorySettings settings, RunRecord run, bool fullResync, CancellationToken cancellationToken)
    {
        var (entries, info) = await map.GetAsync(shop.ShopId, cancellationToken);
        var stock = await levels.ListAsync(shop.MerchantId, cancellationToken);
        var snapshot = await snapshots.GetAsync(shop.ShopId, cancellationToken);
        var plan = InventoryPlanner.Plan(entries, info, stock, settings, snapshot, fullResync);

        var failures = new ConcurrentBag<(string ProductId, TikTokException Error)>();
        var refusedSkus = new ConcurrentBag<(string ProductId, string? SellerSku, TikTokInventoryError Error)>();
        var pushedProducts = 0;
        var pushedLevels = 0;
        var reference = new TikTokShopRef(shop.ShopId, shop.Cipher);
        await Parallel.ForEachAsync(plan.Products, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Value.ProductsInParallel), CancellationToken = cancellationToken },
            async (product, ct) =>
            {
                var body = product.Skus.Select(s => new TikTokSkuInventory(s.SkuId, s.Warehouses.Select(w => new TikTokWarehouseInventory(w.WarehouseId, w.Quantity)).ToArray())).ToArray();
                TikTokInventoryUpdateResult result;
                try
                {
                    result = await tiktok.UpdateInventoryAsync(reference, product.ProductId, body, ct);
                }
                catch (TikTokException ex) when (ex.Kind != TikTokErrorKind.AuthorizationRevoked)
                {
                    failures.Add((product.ProductId, ex));
                    LogProductFailed(shop.ShopId, product.ProductId, ex.Kind.ToString(), ex.Code, ex.RequestId);
                    return;
                }

                // TikTok answers success and lists the SKUs it refused in data.errors: those keep their old snapshot,
                // so they go out again next run, and the run record names them.
                var refused = result.FailedSkuIds;
                foreach (var error in result.Errors)
                {
                    var sellerSku = product.Skus.FirstOrDefault(s => s.SkuId == error.Detail?.SkuId)?.SellerSku;
                    refusedSkus.Add((product.ProductId, sellerSku, error));
                    LogSkuRefused(shop.ShopId, product.ProductId, error.Detail?.SkuId, sellerSku, error.Code, error.Message);
                }

                var levelsOfProduct = product.Skus.Where(s => !refused.Contains(s.SkuId)).SelectMany(s => s.Warehouses.Select(w => (s.SkuId, w.WarehouseId, w.Quantity))).ToArray();
                if (levelsOfProduct.Length == 0)
                {
                    return;
                }

                await snapshots.SaveAsync(shop.ShopId, product.ProductId, levelsOfProduct, time.GetUtcNow(), CancellationToken.None);
                Interlocked.Increment(ref pushedProducts);
                Interlocked.Add(ref pushedLevels, levelsOfProduct.Length);
            });

        metrics.StockLevelsPushed(shop.ShopId, pushedLevels);
        var skusChanged = plan.Products.Sum(p => p.Skus.Count);
        var details = new Dictionary<string, string>(plan.Details);
        if (fullResync)
        {
            details["fullResync"] = "true";
        }

        if (!failures.IsEmpty)
        {
            details["failedProducts"] = string.Join("; ", failures.Take(FailedProductsInDetails).Select(f =>
                $"{f.ProductId}: {f.Error.Kind} {f.Error.Code?.ToString(CultureInfo.InvariantCulture)} {f.Error.RequestId}".TrimEnd()));
        }

        if (!refusedSkus.IsEmpty)
        {
            details["refusedSkus"] = string.Join("; ", refusedSkus.OrderBy(r => r.SellerSku, StringComparer.Ordinal).Take(FailedProductsInDetails)
                .Select(r => $"{r.SellerSku ?? "?"} ({r.Error})")) + (refusedSkus.Count > FailedProductsInDetails ? "; ..." : "");
        }

        var allFailedTransiently = !failures.IsEmpty && pushedProducts == 0 && failures.Any(f => f.Error.Kind is TikTokErrorKind.Transient or TikTokErrorKind.RateLimited);
        var outcome = allFailedTransiently ? RunOutcome.Failed : RunOutcome.Succeeded;
        var first = failures.FirstOrDefault().Error;
        await runs.SaveAsync(run with
        {
            EndedAt = time.GetUtcNow(),
            Outcome = outcome,
            Counts = new Dictionary<string, long>
            {
                ["productsPushed"] = pushedProducts,
                ["skusChanged"] = skusChanged,
                ["failures"] = failures.Count,
                ["skusRefused"] = refusedSkus.Count,
                ["skusMapped"] = plan.SkusMapped,
                ["skusUnreported"] = plan.SkusUnreported,
                ["levelsPushed"] = pushedLevels,
            },
            Details = details,
            ErrorType = first is null ? refusedSkus.IsEmpty ? null : "TikTok.SkusRefused" : "TikTok." + first.Kind,
            Error = first?.Message ?? (refusedSkus.IsEmpty ? null : $"TikTok refused {refusedSkus.Count} SKU(s); they are sent again next run: {details["refusedSkus"]}"),
            RequestId = first?.RequestId,
        }, CancellationToken.None);
        LogPushed(shop.ShopId, pushedProducts, skusChanged, failures.Count + refusedSkus.Count);
        if (allFailedTransiently)
        {
            // Nothing went out and TikTok may just be down: let the host retry the message.
            throw new InventoryPushFailedException($"Every inventory call of shop {shop.ShopId} failed ({failures.Count} products); retried by the queue.", first!);
        }

        return new InventoryPushResult(outcome, pushedProducts, skusChanged, failures.Count + refusedSkus.Count);
    }

    [LoggerMessage(EventId = 6201, Level = LogLevel.Information, Message = "Inventory push of shop {ShopId} skipped: {Reason}")]
    private partial void LogSkipped(string shopId, string reason);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Information, Message = "Inventory push of shop {ShopId}: {Products} products pushed, {Skus} SKUs changed, {Failures} products failed")]
    private partial void LogPushed(string shopId, int products, int skus, int failures);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Warning,
        Message = "TikTok refused the stock of SKU {SkuId} ({SellerSku}) of product {ProductId} in shop {ShopId}: {Code} {Reason}; sent again next run")]
    private partial void LogSkuRefused(string shopId, string productId, string? skuId, string? sellerSku, long code, string? reason);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "Inventory of product {ProductId} in shop {ShopId} not pushed: {Kind} {Code} (request {RequestId}); retried next run")]
    private partial void LogProductFailed(string shopId, string productId, string kind, long? code, string? requestId);
}

/// <summary>A push where every TikTok call failed transiently: thrown so the queue retries the message.</summary>
public sealed class InventoryPushFailedException(string message, Exception inner) : Exception(message, inner);
