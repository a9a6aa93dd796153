using Connector.Http;
using Connector.Messaging;
using Connector.Shops;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Inventory;

/// <summary>The answer of a stock-in request.</summary>
public sealed record StockInResult(string MerchantId, int Received, int Stored, int IgnoredAsOlder, int StockOutPushes);

/// <summary>
/// <c>PUT /api/merchants/{merchantId}/inventory</c> <c>{"levels":[{"sku","location","quantity","asOf"}]}</c>: up to
/// <see cref="PutStockLevels.MaxLevels"/> levels. Every row is checked first (<see cref="PutStockLevels"/>); one bad row rejects
/// the request (400 problem+json naming each bad row by index) and nothing is stored. A level older than the stored one is ignored. A level that
/// takes a SKU to or below a shop's threshold schedules that shop's push within <see cref="InventoryOptions.StockOutDelay"/>.
/// </summary>
public sealed partial class StockInHandler(
    StockLevelStore levels,
    ShopRepository shops,
    PushSnapshotStore snapshots,
    MessageQueue messages,
    QueueNames queues,
    IOptions<InventoryOptions> options,
    TimeProvider time,
    ILogger<StockInHandler> logger)
{
    /// <summary>Above this many lowered SKUs the stock-out check reads the merchant's levels once instead of per SKU.</summary>
    private const int PerSkuReadLimit = 50;

    /// <summary>PUT /api/merchants/{merchantId}/inventory (bound and checked by <see cref="PutStockLevels.Bind"/>).</summary>
    public async Task<Outcome<StockInResult>> PutAsync(PutStockLevels request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var merchantShops = await shops.ListByMerchantAsync(request.MerchantId, cancellationToken);
        if (merchantShops.Count == 0)
        {
            return Refusal.NotFound($"No shop belongs to merchant {request.MerchantId}.");
        }

        return await StoreAsync(request.MerchantId, merchantShops, request.Levels, cancellationToken);
    }

    /// <summary>Stores valid levels and starts the stock-out pushes (also used by tests and other capabilities).</summary>
    public async Task<StockInResult> StoreAsync(string merchantId, IReadOnlyList<ShopRecord> merchantShops, IReadOnlyList<StockLevel> parsed, CancellationToken cancellationToken)
    {
        // One level per SKU and location: the newest; on a tie the later row.
        var newest = new Dictionary<(string, string), StockLevel>();
        foreach (var level in parsed)
        {
            var key = (level.Sku, level.Location);
            if (!newest.TryGetValue(key, out var seen) || level.AsOf >= seen.AsOf)
            {
                newest[key] = level;
            }
        }

        var written = await levels.WriteAsync(merchantId, newest.Values, cancellationToken);
        var pushes = await StockOutAsync(merchantId, merchantShops, written, cancellationToken);
        LogStored(merchantId, parsed.Count, written.Stored, written.IgnoredAsOlder + parsed.Count - newest.Count, pushes);
        return new StockInResult(merchantId, parsed.Count, written.Stored, written.IgnoredAsOlder + parsed.Count - newest.Count, pushes);
    }

    /// <summary>
    /// For every Active shop exporting inventory: if a lowered level leaves its SKU at or below the shop's threshold,
    /// push that shop soon (one push per shop per <see cref="InventoryOptions.StockOutDelay"/>).
    /// </summary>
    private async Task<int> StockOutAsync(string merchantId, IReadOnlyList<ShopRecord> merchantShops, StockWriteResult written, CancellationToken cancellationToken)
    {
        var exporting = merchantShops.Where(s => s.Status == ShopStatus.Active && s.Settings.Inventory is { Enabled: true }).ToArray();
        var lowered = written.Lowered.Select(l => l.Level.Sku).Distinct(StringComparer.Ordinal).ToArray();
        if (exporting.Length == 0 || lowered.Length == 0)
        {
            return 0;
        }

        Dictionary<string, List<StockLevel>> bySku;
        if (lowered.Length > PerSkuReadLimit)
        {
            var wanted = lowered.ToHashSet(StringComparer.Ordinal);
            bySku = (await levels.ListAsync(merchantId, cancellationToken)).Where(l => wanted.Contains(l.Sku))
                .GroupBy(l => l.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        }
        else
        {
            bySku = new Dictionary<string, List<StockLevel>>(StringComparer.Ordinal);
            foreach (var sku in lowered)
            {
                bySku[sku] = (await levels.ListSkuAsync(merchantId, sku, cancellationToken)).ToList();
            }
        }

        var pushes = 0;
        foreach (var shop in exporting)
        {
            var settings = shop.Settings.Inventory!;
            var allow = settings.SkuAllowList.Count > 0 ? settings.SkuAllowList.ToHashSet(StringComparer.Ordinal) : null;
            var stockOut = bySku.Any(kv => (allow is null || allow.Contains(kv.Key))
                && InventoryPlanner.AvailableForThreshold(kv.Value, settings).Any(available => available <= settings.Threshold));
            if (!stockOut)
            {
                continue;
            }

            var now = time.GetUtcNow();
            var delay = options.Value.StockOutDelay;
            if (await snapshots.TryMarkFastPathAsync(shop.ShopId, now, now + delay, cancellationToken))
            {
                await messages.SendAsync(queues.InventoryPush, new InventoryPushMessage(shop.ShopId, "stock-out"), cancellationToken, delay);
                LogStockOut(shop.ShopId, merchantId);
                pushes++;
            }
        }

        return pushes;
    }

    [LoggerMessage(EventId = 6302, Level = LogLevel.Information, Message = "Stock in for merchant {MerchantId}: {Received} levels, {Stored} stored, {Older} ignored as older, {Pushes} stock-out pushes")]
    private partial void LogStored(string merchantId, int received, int stored, int older, int pushes);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Information, Message = "Stock-out: shop {ShopId} of merchant {MerchantId} is pushed shortly")]
    private partial void LogStockOut(string shopId, string merchantId);
}
