using Connector.Finance;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Connector.Functions.Finance;

public sealed class FinanceTransactionsExportFunction(BackOfficeFinance handler)
{
    [Function(nameof(FinanceTransactionsExportFunction))]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "merchants/{merchantId}/finance/transactions")] HttpRequest request,
        string merchantId,
        CancellationToken cancellationToken) => handler.ExportAsync(request, merchantId, cancellationToken);
}
