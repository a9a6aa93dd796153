using Microsoft.Extensions.Configuration;
using NCrontab;

namespace Connector.Admin;

/// <summary>When the fan-out timers fire next (six-field NCRONTAB from the schedule settings, in UTC).</summary>
public sealed class Schedules(IConfiguration configuration)
{
    public const string OrderPullScheduleSetting = "OrderPullSchedule";
    public const string OrderPullDefault = "0 */15 * * * *";

    public DateTimeOffset? NextOrderPull(DateTimeOffset after) => Next(configuration[OrderPullScheduleSetting] is { Length: > 0 } s ? s : OrderPullDefault, after);

    public static DateTimeOffset? Next(string expression, DateTimeOffset after)
    {
        var schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        return schedule is null ? null : new DateTimeOffset(schedule.GetNextOccurrence(after.UtcDateTime), TimeSpan.Zero);
    }
}
