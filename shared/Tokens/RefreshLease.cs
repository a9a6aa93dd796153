using Azure;
using Azure.Data.Tables;

namespace Connector.Tokens;

/// <summary>
/// One refresh at a time per authorization across every instance: a row (<c>lease</c>, authorization id) in table
/// Authorizations, taken by insert or by an ETag-checked replace once the holder's time ran out, and deleted (ETag-checked)
/// when the new tokens are in Key Vault.
/// </summary>
public sealed class RefreshLease(AuthorizationRepository repository, TokenOptions options, TimeProvider time)
{
    public const string Partition = "lease";

    /// <summary>Waits for the lease (up to TokenOptions.LeaseWaitTimeout); a <see cref="TimeoutException"/> is transient.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string authorizationId, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.LeaseWaitTimeout;
        while (true)
        {
            if (await TryAcquireAsync(authorizationId, cancellationToken) is { } held)
            {
                return held;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"The token refresh lease of authorization {authorizationId} stayed taken.");
            }

            await Task.Delay(options.LeasePollInterval, cancellationToken);
        }
    }

    private async Task<Held?> TryAcquireAsync(string authorizationId, CancellationToken cancellationToken)
    {
        var table = await repository.TableAsync();
        var now = time.GetUtcNow();
        var entity = new TableEntity(Partition, authorizationId) { ["Owner"] = Guid.NewGuid().ToString("N"), ["Until"] = now + options.LeaseDuration };
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(Partition, authorizationId, cancellationToken: cancellationToken);
        try
        {
            if (!existing.HasValue)
            {
                var added = await table.AddEntityAsync(entity, cancellationToken);
                return new Held(table, authorizationId, added.Headers.ETag ?? ETag.All);
            }

            if (existing.Value!.GetDateTimeOffset("Until") is { } until && until > now)
            {
                return null;
            }

            var replaced = await table.UpdateEntityAsync(entity, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return new Held(table, authorizationId, replaced.Headers.ETag ?? ETag.All);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }

    private sealed class Held(TableClient table, string authorizationId, ETag etag) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await table.DeleteEntityAsync(Partition, authorizationId, etag, CancellationToken.None);
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Expired and taken over: the new holder re-reads Key Vault before refreshing, so nothing is lost.
            }
        }
    }
}
