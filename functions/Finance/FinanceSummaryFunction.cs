using Connector.Finance;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinanceSummaryFunction(FinanceAdmin handler)
{
    [Function(nameof(FinanceSummaryFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/finance/summary")] HttpRequest request,
        CancellationToken cancellationToken) => handler.SummaryAsync(request, cancellationToken);
}
