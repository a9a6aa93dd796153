namespace Connector.Finance;

/// <summary>Settings of the finance sync and API (configuration section <c>Finance</c>).</summary>
public sealed class FinanceOptions
{
    public const string Section = "Finance";

    /// <summary>Each sync reads statements, payments and withdrawals again from this long before its watermark, to catch payment status changes.</summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromDays(7);

    /// <summary>A shop's first sync goes back this far (or to the shop's order import start date when that is earlier).</summary>
    public TimeSpan InitialLookback { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a worker holds a shop; renewed with every page.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Page size of TikTok's finance lists (1..100).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Read each newly settled order's SKU split and price detail (two TikTok calls per order).</summary>
    public bool FetchOrderDetails { get; set; } = true;

    /// <summary>TikTok calls for order details in flight per shop.</summary>
    public int OrdersInParallel { get; set; } = 4;

    /// <summary>The longest period one API request may ask for (statements, payouts, the transactions export), in days.</summary>
    public int MaxPeriodDays { get; set; } = 31;
}
