using Connector.Finance;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinanceStatementsFunction(BackOfficeFinance handler)
{
    [Function(nameof(FinanceStatementsFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/finance/statements")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => handler.StatementsAsync(request, merchantId, cancellationToken);
}
