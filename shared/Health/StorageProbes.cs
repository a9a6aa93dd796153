using Azure.Security.KeyVault.Secrets;
using Connector.Storage;

namespace Connector.Health;

internal sealed class TableStorageProbe(StorageClients storage) : IDependencyProbe
{
    public string Name => "tables";

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in storage.Tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
        {
            return;
        }
    }
}

internal sealed class QueueStorageProbe(StorageClients storage) : IDependencyProbe
{
    public string Name => "queues";

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in storage.Queues.GetQueuesAsync(cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
        {
            return;
        }
    }
}

internal sealed class KeyVaultProbe(SecretClient secrets) : IDependencyProbe
{
    public string Name => "keyVault";

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in secrets.GetPropertiesOfSecretsAsync(cancellationToken).AsPages(pageSizeHint: 1))
        {
            return;
        }
    }
}
