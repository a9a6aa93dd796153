using System.Globalization;
using System.Text.Json;
using Connector.Http;
using Connector.Messaging;
using Connector.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Inventory;

/// <summary>The answer of a stock-in request.</summary>
public sealed record StockInResult(string MerchantId, int Received, int Stored, int IgnoredAsOlder, int StockOutPushes);

/// <summary>
/// <c>PUT /api/merchants/{merchantId}/inventory</c> <c>{"levels":[{"sku","location","quantity","asOf"}]}</c>: up to
/// <see cref="MaxLevels"/> levels. Every row is checked first; one bad row rejects the request (400 problem+json
/// naming each bad row by index) and nothing is stored. A level older than the stored one is ignored. A level that
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
    public const int MaxLevels = 5000;
    public const int MaxKeyLength = 200;

    /// <summary>An as-of time further ahead than this is refused (it would hide every later level until then).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Above this many lowered SKUs the stock-out check reads the merchant's levels once instead of per SKU.</summary>
    private const int PerSkuReadLimit = 50;

    public async Task<IActionResult> PutAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("merchantId", merchantId)) is { } badId)
        {
            return badId;
        }

        var read = await RequestBody.ReadJsonAsync(request, cancellationToken);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        if (read.Value is not { } root)
        {
            return Problems.BadRequest("The body must be JSON: {\"levels\":[{\"sku\":\"...\",\"location\":\"...\",\"quantity\":0,\"asOf\":\"2025-01-01T00:00:00Z\"}]}.");
        }

        {
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("levels", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                return Problems.BadRequest("The body must be an object with a \"levels\" array.");
            }

            var count = array.GetArrayLength();
            if (count is 0 or > MaxLevels)
            {
                return Problems.BadRequest($"\"levels\" must hold 1 to {MaxLevels} levels; it holds {count}.");
            }

            var (parsed, errors) = Parse(array, time.GetUtcNow());
            if (errors.Count > 0)
            {
                var reference = Problems.NewReference();
                LogRejected(merchantId, errors.Count, count, reference);
                return Problems.Create(StatusCodes.Status400BadRequest, "The request is not valid",
                    $"{errors.Count} of {count} levels are not valid; nothing was stored. Fix the rows named in \"errors\" and send the request again.", errors, reference);
            }

            var merchantShops = await shops.ListByMerchantAsync(merchantId, cancellationToken);
            if (merchantShops.Count == 0)
            {
                return Problems.NotFound($"No shop belongs to merchant {merchantId}.");
            }

            var result = await StoreAsync(merchantId, merchantShops, parsed, cancellationToken);
            return Problems.Json(result);
        }
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

    private static (List<StockLevel> Levels, Dictionary<string, string[]> Errors) Parse(JsonElement array, DateTimeOffset now)
    {
        var parsed = new List<StockLevel>(array.GetArrayLength());
        var errors = new Dictionary<string, string[]>();
        var index = 0;
        foreach (var row in array.EnumerateArray())
        {
            var problems = new List<string>();
            string? sku = null, location = null;
            long quantity = 0;
            DateTimeOffset asOf = default;
            if (row.ValueKind != JsonValueKind.Object)
            {
                problems.Add("must be an object {sku, location, quantity, asOf}");
            }
            else
            {
                sku = Key(row, "sku", problems);
                location = Key(row, "location", problems);
                if (!TryGet(row, "quantity", out var q) || q.ValueKind == JsonValueKind.Null)
                {
                    problems.Add("quantity is required: a whole number of 0 or more");
                }
                else if (q.ValueKind != JsonValueKind.Number)
                {
                    problems.Add("quantity must be a whole number of 0 or more");
                }
                else if (!q.TryGetInt64(out quantity))
                {
                    problems.Add("quantity must be a whole number");
                }
                else if (quantity < 0)
                {
                    problems.Add("quantity must not be negative");
                }

                if (!TryGet(row, "asOf", out var a) || a.ValueKind == JsonValueKind.Null)
                {
                    problems.Add("asOf is required: an ISO 8601 date and time, e.g. 2025-01-01T12:00:00Z");
                }
                else if (a.ValueKind != JsonValueKind.String
                    || !DateTimeOffset.TryParse(a.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out asOf))
                {
                    problems.Add("asOf must be an ISO 8601 date and time, e.g. 2025-01-01T12:00:00Z");
                }
                else if (asOf > now + MaxClockSkew)
                {
                    problems.Add("asOf is in the future");
                }
            }

            if (problems.Count > 0)
            {
                errors[$"levels[{index}]"] = problems.ToArray();
            }
            else
            {
                parsed.Add(new StockLevel(sku!, location!, quantity, asOf));
            }

            index++;
        }

        return (parsed, errors);
    }

    private static string? Key(JsonElement row, string name, List<string> problems)
    {
        if (!TryGet(row, name, out var value) || value.ValueKind == JsonValueKind.Null || (value.ValueKind == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetString())))
        {
            problems.Add($"{name} is required: text of 1 to {MaxKeyLength} characters");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add($"{name} must be text of 1 to {MaxKeyLength} characters");
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > MaxKeyLength || text.Any(char.IsControl))
        {
            problems.Add($"{name} must be at most {MaxKeyLength} characters without control characters");
            return null;
        }

        return text;
    }

    /// <summary>Property names match case-insensitively (asOf, AsOf, asof).</summary>
    private static bool TryGet(JsonElement row, string name, out JsonElement value)
    {
        foreach (var property in row.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "Stock in for merchant {MerchantId} rejected: {Bad} of {Count} levels not valid (reference {Reference})")]
    private partial void LogRejected(string merchantId, int bad, int count, string reference);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Information, Message = "Stock in for merchant {MerchantId}: {Received} levels, {Stored} stored, {Older} ignored as older, {Pushes} stock-out pushes")]
    private partial void LogStored(string merchantId, int received, int stored, int older, int pushes);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Information, Message = "Stock-out: shop {ShopId} of merchant {MerchantId} is pushed shortly")]
    private partial void LogStockOut(string shopId, string merchantId);
}
