using Connector.Tokens;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Tokens;

public sealed class TokenRefreshWorkerFunction(TokenRefreshWorker worker)
{
    [Function(nameof(TokenRefreshWorkerFunction))]
    public Task Run([QueueTrigger("%TokenRefreshQueue%")] TokenRefreshMessage message, CancellationToken cancellationToken) =>
        worker.HandleAsync(message, cancellationToken);
}
