using Connector.Http;
using Connector.Labels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Labels;

public sealed class ListOrderLabelsFunction(HttpEdge edge, LabelHandlers handlers)
{
    [Function(nameof(ListOrderLabelsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/orders/{orderId}/labels")] HttpRequest request,
        string merchantId,
        string orderId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => ListOrderLabels.Bind(r, merchantId, orderId), handlers.ListAsync, cancellationToken);
}
