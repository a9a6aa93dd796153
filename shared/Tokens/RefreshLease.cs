using Connector.Storage;

namespace Connector.Tokens;

/// <summary>
/// One refresh at a time per authorization across every instance: a <see cref="TableLease"/> row (<c>lease</c>, authorization id)
/// in table Authorizations, released when the new tokens are in Key Vault. A holder whose time ran out and was taken over
/// loses nothing: the new holder re-reads Key Vault before refreshing.
/// </summary>
public sealed class RefreshLease(AuthorizationRepository repository, TokenOptions options, TimeProvider time)
{
    public const string Partition = "lease";

    /// <summary>Waits for the lease (up to TokenOptions.LeaseWaitTimeout); a <see cref="TimeoutException"/> is transient.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string authorizationId, CancellationToken cancellationToken) =>
        await TableLease.AcquireAsync(
            await repository.TableAsync(), Partition, authorizationId, options.LeaseDuration, options.LeaseWaitTimeout, options.LeasePollInterval, time, cancellationToken);
}
