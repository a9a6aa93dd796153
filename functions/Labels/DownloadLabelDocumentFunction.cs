using Connector.Http;
using Connector.Labels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Labels;

public sealed class DownloadLabelDocumentFunction(HttpEdge edge, LabelHandlers handlers)
{
    [Function(nameof(DownloadLabelDocumentFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/labels/{labelId}/documents/{document}")] HttpRequest request,
        string merchantId,
        string labelId,
        string document,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => DownloadLabelDocument.Bind(r, merchantId, labelId, document), handlers.DownloadAsync, cancellationToken);
}
