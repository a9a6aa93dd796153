using Connector.Http;
using Connector.Messaging;
using Microsoft.Extensions.Logging;

namespace Connector.Catalog;

/// <summary>Tells the order capability that a merchant's catalog grew, so its Pending orders are looked at again.</summary>
public sealed record SkuReevaluationMessage(string MerchantId);

/// <summary>
/// <c>PUT /api/merchants/{merchantId}/skus</c> <c>{"skus":[{"sku":"A-1","name":"..."}]}</c>: adds SKUs (up to 1,000) to the
/// merchant's catalog. Every row is validated first (<see cref="PutSkus"/>); any bad row rejects the request and nothing is stored. Then the
/// merchant's Pending orders are re-evaluated in the background.
/// </summary>
public sealed partial class SkuCatalogEndpoint(SkuCatalog catalog, MessageQueue messages, QueueNames queues, ILogger<SkuCatalogEndpoint> logger)
{
    /// <summary>PUT /api/merchants/{merchantId}/skus (bound and checked by <see cref="PutSkus.Bind"/>).</summary>
    public async Task<Outcome<SkusStored>> PutAsync(PutSkus request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, rows) = (request.MerchantId, request.Skus);
        await catalog.UpsertAsync(merchantId, rows, cancellationToken);
        await messages.SendAsync(queues.SkuReevaluation, new SkuReevaluationMessage(merchantId), cancellationToken);
        LogStored(rows.Count, merchantId);
        return new SkusStored(merchantId, rows.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} SKUs stored in the catalog of merchant {MerchantId}")]
    private partial void LogStored(int count, string merchantId);
}
