using Connector.Finance;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinanceSyncAllFunction(FinanceAdmin handler)
{
    [Function(nameof(FinanceSyncAllFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/finance/sync")] HttpRequest request,
        CancellationToken cancellationToken) => handler.SyncAllAsync(request, cancellationToken);
}
