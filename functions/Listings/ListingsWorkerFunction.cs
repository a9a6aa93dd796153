using Connector.Listings;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Listings;

public sealed class ListingsWorkerFunction(ListingPushHandler handler)
{
    [Function(nameof(ListingsWorkerFunction))]
    public Task Run([QueueTrigger("%ListingsQueue%")] ListingWorkMessage message, CancellationToken cancellationToken) =>
        handler.HandleAsync(message, cancellationToken);
}
