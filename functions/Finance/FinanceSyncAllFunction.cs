using Connector.Admin;
using Connector.Finance;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinanceSyncAllFunction(FinanceAdmin handler, AdminAccess access)
{
    [Function(nameof(FinanceSyncAllFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/finance/sync")] HttpRequest request,
        CancellationToken cancellationToken) =>
        access.RunAsync(request, () => handler.SyncAllAsync(request, cancellationToken));
}
