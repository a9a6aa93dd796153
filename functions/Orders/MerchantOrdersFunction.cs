using Connector.Http;
using Connector.Orders;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Orders;

public sealed class MerchantOrdersFunction(HttpEdge edge, BackOfficeOrders orders)
{
    [Function(nameof(MerchantOrdersFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/orders")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => ListOrders.Bind(r, merchantId), orders.ListAsync, cancellationToken);
}
