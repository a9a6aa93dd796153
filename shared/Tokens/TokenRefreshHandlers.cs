using Connector.Messaging;
using Connector.TikTok;
using Microsoft.Extensions.Logging;

namespace Connector.Tokens;

/// <summary>The queue message of one authorization's refresh.</summary>
public sealed record TokenRefreshMessage(string AuthorizationId);

/// <summary>
/// The timer (<c>%TokenRefreshSchedule%</c>): one message per Active authorization whose access token expires within
/// TokenOptions.RefreshAhead. Authorizations needing re-authorization are not scheduled.
/// </summary>
public sealed partial class TokenRefreshFanOut(
    AuthorizationRepository authorizations, MessageQueue messages, QueueNames queues, TokenOptions options, TimeProvider time, ILogger<TokenRefreshFanOut> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var due = await authorizations.ListDueAsync(time.GetUtcNow() + options.RefreshAhead, cancellationToken);
        await messages.FanOutAsync(queues.TokenRefresh, due.ToAsyncEnumerable(), a => new TokenRefreshMessage(a.AuthorizationId), cancellationToken);
        FannedOut(logger, due.Count);
        return due.Count;
    }

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information, Message = "Token refresh: {Count} authorizations due")]
    private static partial void FannedOut(ILogger logger, int count);
}

/// <summary>
/// The worker: refreshes one authorization if it is still due. A refresh that fails for good is handled (shops
/// ReauthorizationRequired, support case) and NOT retried; transient errors are rethrown for the host's retry and poison queue.
/// </summary>
public sealed partial class TokenRefreshWorker(TokenRefresher refresher, TokenOptions options, TimeProvider time, ILogger<TokenRefreshWorker> logger)
{
    public async Task HandleAsync(TokenRefreshMessage message, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["AuthorizationId"] = message.AuthorizationId });
        try
        {
            await refresher.RefreshAsync(message.AuthorizationId, t => t.AccessTokenExpiresAt - time.GetUtcNow() <= options.RefreshAhead, cancellationToken);
        }
        catch (TikTokException e) when (e.Kind == TikTokErrorKind.AuthorizationRevoked)
        {
            GaveUp(logger, message.AuthorizationId);
        }
    }

    [LoggerMessage(EventId = 4205, Level = LogLevel.Warning, Message = "Authorization {AuthorizationId} needs re-authorization; not retried")]
    private static partial void GaveUp(ILogger logger, string authorizationId);
}
