namespace Connector.AfterSales;

/// <summary>After-sales settings of the app (configuration section <c>AfterSales</c>).</summary>
public sealed class AfterSalesOptions
{
    public const string Section = "AfterSales";

    /// <summary>A request waiting for the seller this close to TikTok's deadline opens a support case (and counts as near its deadline).</summary>
    public TimeSpan DeadlineWarning { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How far back a shop's first after-sales pull reads TikTok's cancellations and returns.</summary>
    public TimeSpan FirstPullLookBack { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Each pull starts this much before where the last one ended (TikTok's update times can arrive a little late).</summary>
    public TimeSpan PullOverlap { get; set; } = TimeSpan.FromMinutes(2);
}
