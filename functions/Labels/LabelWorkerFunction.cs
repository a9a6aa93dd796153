using Connector.Labels;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Labels;

public sealed class LabelWorkerFunction(LabelWorker worker)
{
    [Function(nameof(LabelWorkerFunction))]
    public Task Run([QueueTrigger("%LabelQueue%")] LabelMessage message, CancellationToken cancellationToken) =>
        worker.HandleAsync(message, cancellationToken);
}
