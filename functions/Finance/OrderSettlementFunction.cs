using Connector.Finance;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class OrderSettlementFunction(HttpEdge edge, BackOfficeFinance handler)
{
    [Function(nameof(OrderSettlementFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/orders/{orderId}/settlement")] HttpRequest request,
        string merchantId,
        string orderId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => GetOrderSettlement.Bind(r, merchantId, orderId), handler.OrderSettlementAsync, cancellationToken);
}
