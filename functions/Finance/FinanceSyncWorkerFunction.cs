using Connector.Finance;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinanceSyncWorkerFunction(FinanceSyncHandler handler)
{
    [Function(nameof(FinanceSyncWorkerFunction))]
    public Task Run([QueueTrigger("%FinanceSyncQueue%")] FinanceSyncMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(message, cancellationToken);
}
