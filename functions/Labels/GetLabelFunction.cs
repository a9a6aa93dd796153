using Connector.Http;
using Connector.Labels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Labels;

public sealed class GetLabelFunction(HttpEdge edge, LabelHandlers handlers)
{
    [Function(nameof(GetLabelFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/labels/{labelId}")] HttpRequest request,
        string merchantId,
        string labelId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => GetLabel.Bind(r, merchantId, labelId), handlers.GetAsync, cancellationToken);
}
