namespace Connector.Listings;

/// <summary>
/// A shop's listing settings (<c>ShopRecord.Settings.Listings</c>, PATCHed by support as section <c>listings</c>). Off until
/// support switches listing on; then each kind of change has its own switch, as CedCommerce has (auto create, auto
/// update, auto delete).
/// </summary>
public sealed record ListingSettings
{
    /// <summary>TikTok's daily product upload limit of a shop on probation.</summary>
    public const int ProbationDailyLimit = 100;

    /// <summary>TikTok's daily product upload limit after probation.</summary>
    public const int GraduatedDailyLimit = 1000;

    /// <summary>List the merchant's catalog on this shop at all.</summary>
    public bool Enabled { get; init; }

    /// <summary>New catalog products (in a profile, valid) are created on TikTok.</summary>
    public bool AutoCreate { get; init; } = true;

    /// <summary>Changes to listed products go to TikTok (only the fields the product's profile syncs).</summary>
    public bool AutoUpdate { get; init; } = true;

    /// <summary>A product removed from the catalog is deleted on TikTok; off leaves it there (shown as RemovedFromCatalog).</summary>
    public bool AutoDelete { get; init; }

    /// <summary>
    /// Products created per day (UTC). TikTok allows 100 a day while a shop is on probation and 1,000 after; the default is
    /// the probation limit, so a new shop never runs into TikTok's refusal. Raise it when TikTok says the shop graduated.
    /// </summary>
    public int DailyCreateLimit { get; init; } = ProbationDailyLimit;

    /// <summary><c>LISTING</c> (default: submitted for review and sold once approved) or <c>AS_DRAFT</c> (the seller publishes in Seller Center).</summary>
    public string SaveMode { get; init; } = "LISTING";

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (DailyCreateLimit is < 1 or > 1_000_000)
        {
            problems.Add($"dailyCreateLimit must be between 1 and 1000000 (TikTok allows {ProbationDailyLimit} a day on probation, {GraduatedDailyLimit} after)");
        }

        if (SaveMode is not ("LISTING" or "AS_DRAFT"))
        {
            problems.Add("saveMode must be LISTING or AS_DRAFT");
        }

        return problems;
    }
}
