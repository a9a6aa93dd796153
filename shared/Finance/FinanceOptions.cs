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

/// <summary>Checks the finance settings at start-up, naming each bad one (never its value).</summary>
public sealed class FinanceOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<FinanceOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, FinanceOptions options)
    {
        var errors = new List<string>();
        if (options.PageSize is < 1 or > Connector.TikTok.Api.TikTokShopClient.FinanceMaxPageSize)
        {
            errors.Add($"Finance:PageSize must be 1 to {Connector.TikTok.Api.TikTokShopClient.FinanceMaxPageSize}.");
        }

        if (options.OrdersInParallel < 1)
        {
            errors.Add("Finance:OrdersInParallel must be at least 1.");
        }

        if (options.MaxPeriodDays < 1)
        {
            errors.Add("Finance:MaxPeriodDays must be at least 1.");
        }

        if (options.Overlap < TimeSpan.Zero || options.InitialLookback < TimeSpan.Zero)
        {
            errors.Add("Finance:Overlap and Finance:InitialLookback must not be negative.");
        }

        if (options.Lease <= TimeSpan.Zero)
        {
            errors.Add("Finance:Lease must be positive.");
        }

        return errors.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }
}
