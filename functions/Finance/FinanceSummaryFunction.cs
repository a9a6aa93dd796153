using Connector.Admin;
using Connector.Finance;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinanceSummaryFunction(HttpEdge edge, FinanceAdmin handler)
{
    [Function(nameof(FinanceSummaryFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/finance/summary")] HttpRequest request,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, FinanceSummaryQuery.Bind, handler.SummaryAsync, cancellationToken);
}
