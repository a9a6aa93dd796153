namespace Connector.Health;

/// <summary>One thing the connector depends on; <see cref="ProbeAsync"/> throws when it is unreachable.</summary>
public interface IDependencyProbe
{
    string Name { get; }

    Task ProbeAsync(CancellationToken cancellationToken);
}
