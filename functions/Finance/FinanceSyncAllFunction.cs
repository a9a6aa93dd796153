using Connector.Admin;
using Connector.Finance;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinanceSyncAllFunction(HttpEdge edge, FinanceAdmin handler)
{
    [Function(nameof(FinanceSyncAllFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/finance/sync")] HttpRequest request,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, SyncAllFinance.Bind, handler.SyncAllAsync, cancellationToken);
}
