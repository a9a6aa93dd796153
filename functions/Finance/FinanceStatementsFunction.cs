using Connector.Finance;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinanceStatementsFunction(HttpEdge edge, BackOfficeFinance handler)
{
    [Function(nameof(FinanceStatementsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/finance/statements")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => edge.RunAsync(request, r => FinancePeriodRequest.Bind(r, merchantId, handler.MaxPeriodDays), handler.StatementsAsync, cancellationToken);
}
