using Connector.Http;
using Connector.Labels;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Labels;

public sealed class ShippingServicesFunction(HttpEdge edge, LabelHandlers handlers)
{
    [Function(nameof(ShippingServicesFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "merchants/{merchantId}/orders/{orderId}/shipping-services")] HttpRequest request,
        string merchantId,
        string orderId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => QuoteShippingServices.Bind(r, merchantId, orderId), handlers.QuoteAsync, cancellationToken);
}
