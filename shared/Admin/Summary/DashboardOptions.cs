namespace Connector.Admin.Summary;

/// <summary>The dashboard's rollup (configuration section <c>Dashboard</c>; its timer is <c>DashboardRollupSchedule</c>).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";

    /// <summary>The timer's setting: six-field NCrontab, every 5 minutes by default.</summary>
    public const string ScheduleSetting = "DashboardRollupSchedule";

    public const string ScheduleDefault = "0 */5 * * * *";

    /// <summary>How many shops the rollup reads at once (one query each).</summary>
    public int RollupConcurrency { get; set; } = 8;

    /// <summary>
    /// Most shops the dashboard lists by name: in the orders and sales charts (those with the most orders in 30 days) and in
    /// the ship-by deadlines (those with the most late, then due orders). The totals count every shop.
    /// </summary>
    public int ShopsListed { get; set; } = 50;
}
