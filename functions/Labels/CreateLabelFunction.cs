using Connector.Http;
using Connector.Labels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Labels;

public sealed class CreateLabelFunction(HttpEdge edge, LabelHandlers handlers)
{
    [Function(nameof(CreateLabelFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/orders/{orderId}/labels")] HttpRequest request,
        string merchantId,
        string orderId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => CreateLabel.Bind(r, merchantId, orderId), handlers.CreateAsync, cancellationToken);
}
