namespace Connector.Listings;

/// <summary>Settings of the listing capability (configuration section <c>Listings</c>).</summary>
public sealed class ListingOptions
{
    public const string Section = "Listings";

    /// <summary>Products created or updated on TikTok at the same time within one shop's push (the client's rate limits apply as well).</summary>
    public int ProductsInParallel { get; set; } = 4;

    /// <summary>Products planned and pushed together (catalog order): their catalog rows and listing records are in memory at once.</summary>
    public int PlanBatch { get; set; } = 500;

    /// <summary>One push per shop at a time; a crashed push frees the shop after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest wait for one of the merchant's images to download.</summary>
    public TimeSpan ImageDownloadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long TikTok's category tree, category rules and attributes are kept in memory.</summary>
    public TimeSpan CategoryCacheDuration { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>
/// The clock of the daily create limit: a day is a UTC calendar day of this clock. It is the host's clock; tests replace
/// it to move to the next day without moving the clock TikTok's signatures use.
/// </summary>
public class ListingClock(TimeProvider time)
{
    public virtual DateTimeOffset UtcNow => time.GetUtcNow();

    /// <summary>Today (UTC) as yyyy-MM-dd.</summary>
    public string Today => UtcNow.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>When the next day starts.</summary>
    public DateTimeOffset NextDay => new DateTimeOffset(UtcNow.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
}
