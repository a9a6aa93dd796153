using Connector.Admin;
using Connector.Finance;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinanceSyncShopFunction(HttpEdge edge, FinanceAdmin handler)
{
    [Function(nameof(FinanceSyncShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/shops/{shopId}/finance/sync")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) =>
        edge.RunAdminAsync(request, r => SyncShopFinance.Bind(r, shopId), handler.SyncShopAsync, cancellationToken);
}
