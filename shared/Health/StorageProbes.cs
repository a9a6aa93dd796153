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

/// <summary>
/// TikTok is configured (an app) and its Open API host answers HTTP at all (any status: the request is deliberately
/// unsigned, so it proves reachability, not credentials).
/// </summary>
internal sealed class TikTokProbe(IHttpClientFactory http, Microsoft.Extensions.Options.IOptions<TikTok.TikTokOptions> options) : IDependencyProbe
{
    public string Name => "tiktok";

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.AppKey) && options.Value.Apps.Count == 0)
        {
            throw new InvalidOperationException("No TikTok app is configured (TikTok__AppKey).");
        }

        using var client = http.CreateClient(nameof(TikTokProbe));
        using var response = await client.GetAsync(options.Value.OpenApiBaseUrl, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }
}
