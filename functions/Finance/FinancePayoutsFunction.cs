using Connector.Finance;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinancePayoutsFunction(BackOfficeFinance handler)
{
    [Function(nameof(FinancePayoutsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/finance/payouts")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => handler.PayoutsAsync(request, merchantId, cancellationToken);
}
