using Connector.Finance;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinanceSyncShopFunction(FinanceAdmin handler)
{
    [Function(nameof(FinanceSyncShopFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "admin/shops/{shopId}/finance/sync")] HttpRequest request,
        string shopId,
        CancellationToken cancellationToken) => handler.SyncShopAsync(request, shopId, cancellationToken);
}
