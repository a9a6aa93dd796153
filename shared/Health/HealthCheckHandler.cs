using System.Diagnostics;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Connector.Health;

public sealed record DependencyHealth(string Status, long LatencyMs, string? Error);

/// <summary>GET /api/health takes nothing.</summary>
public sealed record HealthRequest
{
    public static HealthRequest Bind(RequestReader r) => new();
}

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, DependencyHealth> Dependencies);

/// <summary>GET /api/health: probes Table storage, queues, Key Vault and TikTok in parallel; 200 when all are up, 503 otherwise.</summary>
public sealed class HealthCheckHandler(IEnumerable<IDependencyProbe> probes, ILogger<HealthCheckHandler> logger)
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(probes.Select(p => ProbeOneAsync(p, cancellationToken)));
        var dependencies = results.ToDictionary(r => r.Name, r => r.Health, StringComparer.Ordinal);
        var status = dependencies.Values.All(d => d.Status == "Up") ? "Healthy" : "Unhealthy";
        return new HealthReport(status, dependencies);
    }

    /// <summary>GET /api/health: the report, 200 when every dependency is up, else 503 with the same report.</summary>
    public async Task<Outcome<HealthReport>> HandleAsync(HealthRequest request, CancellationToken cancellationToken)
    {
        var report = await CheckAsync(cancellationToken);
        return Outcome<HealthReport>.WithStatus(report, report.Status == "Healthy" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private async Task<(string Name, DependencyHealth Health)> ProbeOneAsync(IDependencyProbe probe, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        var watch = Stopwatch.StartNew();
        try
        {
            await probe.ProbeAsync(timeout.Token);
            return (probe.Name, new DependencyHealth("Up", watch.ElapsedMilliseconds, null));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Health probe {Dependency} failed after {LatencyMs} ms: {ErrorType}", probe.Name, watch.ElapsedMilliseconds, ex.GetType().Name);
            var error = ex switch
            {
                OperationCanceledException => $"no answer within {ProbeTimeout.TotalSeconds:0} s",
                InvalidOperationException => ex.Message,
                _ => ex.GetType().Name,
            };
            return (probe.Name, new DependencyHealth("Down", watch.ElapsedMilliseconds, error));
        }
    }
}
