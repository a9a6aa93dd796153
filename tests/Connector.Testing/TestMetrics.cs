using System.Diagnostics.Metrics;
using Connector.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Testing;

public static class TestMetrics
{
    private static readonly IMeterFactory Factory = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    /// <summary>Real metrics on a meter factory of the test's own.</summary>
    public static ConnectorMetrics Create() => new(Factory);
}
