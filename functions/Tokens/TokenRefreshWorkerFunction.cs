using Connector.Messaging;
using Connector.Tokens;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Tokens;

public sealed class TokenRefreshWorkerFunction(TokenRefreshWorker worker, MessageFailures failures)
{
    [Function(nameof(TokenRefreshWorkerFunction))]
    public Task Run([QueueTrigger("%TokenRefreshQueue%")] TokenRefreshMessage message, CancellationToken cancellationToken) =>
        failures.RunAsync(message, () => worker.HandleAsync(message, cancellationToken), cancellationToken);
}
