using System.Diagnostics.Metrics;
using Connector.TikTok;

namespace Connector.Telemetry;

/// <summary>
/// The connector's business counters (meter <see cref="MeterName"/>). Exported to Application Insights
/// (customMetrics) when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set; otherwise visible to any
/// <see cref="MeterListener"/> (dotnet-counters, tests). Tags carry ids and codes only, never buyer data or tokens.
/// </summary>
public sealed class ConnectorMetrics
{
    public const string MeterName = "TikTokConnector";

    /// <summary>Tag names, shared with dashboards and tests.</summary>
    public static class Tags
    {
        public const string ShopId = "shop.id";
        public const string SellerId = "seller.id";
        public const string Code = "tiktok.code";
        public const string Kind = "tiktok.error_kind";
        public const string Path = "tiktok.path";
        public const string Outcome = "outcome";
        public const string Queue = "queue";
    }

    private readonly Counter<long> ordersImported;
    private readonly Counter<long> stockLevelsPushed;
    private readonly Counter<long> tikTokErrors;
    private readonly Counter<long> tokenRefreshes;
    private readonly Counter<long> poisonMessages;

    public ConnectorMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        ordersImported = meter.CreateCounter<long>("connector.orders.imported", "{order}",
            "Orders created or updated from TikTok, by shop.");
        stockLevelsPushed = meter.CreateCounter<long>("connector.stock_levels.pushed", "{sku}",
            "Stock levels sent to TikTok, by shop.");
        tikTokErrors = meter.CreateCounter<long>("connector.tiktok.errors", "{error}",
            "TikTok calls that failed, by TikTok code (or HTTP status) and error kind.");
        tokenRefreshes = meter.CreateCounter<long>("connector.tokens.refreshed", "{refresh}",
            "Access token refreshes, by seller and outcome.");
        poisonMessages = meter.CreateCounter<long>("connector.messages.poisoned", "{message}",
            "Queue messages that ran out of attempts and went to the poison queue, by queue.");
    }

    public void OrdersImported(string shopId, long count)
    {
        if (count > 0)
        {
            ordersImported.Add(count, new KeyValuePair<string, object?>(Tags.ShopId, shopId));
        }
    }

    public void StockLevelsPushed(string shopId, long count)
    {
        if (count > 0)
        {
            stockLevelsPushed.Add(count, new KeyValuePair<string, object?>(Tags.ShopId, shopId));
        }
    }

    /// <summary>One failed TikTok call: the envelope code, else the HTTP status, else the kind is the code.</summary>
    public void TikTokError(TikTokException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = exception.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture)
            ?? (exception.HttpStatus is { } status ? $"http_{status}" : "none");
        TikTokError(code, exception.Kind, exception.Path);
    }

    public void TikTokError(string code, TikTokErrorKind kind, string path) =>
        tikTokErrors.Add(1,
            new KeyValuePair<string, object?>(Tags.Code, code),
            new KeyValuePair<string, object?>(Tags.Kind, kind.ToString()),
            new KeyValuePair<string, object?>(Tags.Path, path));

    public void TokenRefreshed(string sellerId, bool succeeded) =>
        tokenRefreshes.Add(1,
            new KeyValuePair<string, object?>(Tags.SellerId, sellerId),
            new KeyValuePair<string, object?>(Tags.Outcome, succeeded ? "success" : "failure"));

    public void PoisonMessage(string queue) =>
        poisonMessages.Add(1, new KeyValuePair<string, object?>(Tags.Queue, queue));
}
