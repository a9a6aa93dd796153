using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace Connector.LocalHost;

/// <summary>Fires one timer-triggered function on its six-field NCrontab schedule (UTC, as the host runs by default).</summary>
public sealed class TimerTriggerService(
    FunctionDefinition function,
    IServiceProvider services,
    IConfiguration configuration,
    TimeProvider time,
    ILogger<TimerTriggerService> logger) : BackgroundService
{
    public static CrontabSchedule ParseSchedule(string expression, IConfiguration configuration) =>
        CrontabSchedule.Parse(SettingNames.Resolve(expression, configuration), new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var trigger = function.Trigger;
        var schedule = ParseSchedule(trigger.Schedule ?? throw new InvalidOperationException($"Timer function {function.Name} has no schedule."), configuration);
        var last = time.GetUtcNow().UtcDateTime;
        if (trigger.RunOnStartup)
        {
            await FireAsync(last, schedule.GetNextOccurrence(last), isPastDue: false, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(time.GetUtcNow().UtcDateTime);
            var wait = next - time.GetUtcNow().UtcDateTime;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken);
            }

            var isPastDue = time.GetUtcNow().UtcDateTime - next > TimeSpan.FromSeconds(1);
            await FireAsync(last, schedule.GetNextOccurrence(next), isPastDue, stoppingToken);
            last = next;
        }
    }

    private async Task FireAsync(DateTime last, DateTime next, bool isPastDue, CancellationToken stoppingToken)
    {
        var info = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = new ScheduleStatus { Last = last, Next = next, LastUpdated = time.GetUtcNow().UtcDateTime },
        };
        try
        {
            await FunctionInvoker.InvokeAsync(services, function, p =>
                p.ParameterType == typeof(TimerInfo) ? info
                : p.ParameterType == typeof(CancellationToken) ? stoppingToken
                : services.GetService(p.ParameterType) ?? throw new InvalidOperationException($"Cannot bind {p.Name}."));
            logger.LogInformation("Executed {FunctionName} (timer, next {Next:O})", function.Name, next);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // The host logs a failed timer run and waits for the next occurrence.
            logger.LogError(ex, "Function {FunctionName} (timer) failed", function.Name);
        }
    }
}
