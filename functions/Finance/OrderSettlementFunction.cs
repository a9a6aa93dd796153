using Connector.Finance;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class OrderSettlementFunction(BackOfficeFinance handler)
{
    [Function(nameof(OrderSettlementFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/orders/{orderId}/settlement")] HttpRequest request,
        string merchantId,
        string orderId,
        CancellationToken cancellationToken) => handler.OrderSettlementAsync(merchantId, orderId, cancellationToken);
}
