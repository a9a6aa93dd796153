using Connector.Catalog;
using Connector.Shops;
using Microsoft.Extensions.Logging;

namespace Connector.Orders;

/// <summary>
/// After a merchant's catalog grows, each of its Pending orders is looked at again: the ones whose SKUs are now all
/// known become ReadyToFulfil with no support action. A race with a pull makes the message retry.
/// </summary>
public sealed partial class PendingOrdersReevaluation(ShopRepository shops, OrderStore orders, SkuCatalog catalog, TimeProvider time, ILogger<PendingOrdersReevaluation> logger)
{
    public async Task HandleAsync(SkuReevaluationMessage message, CancellationToken cancellationToken)
    {
        foreach (var shop in await shops.ListByMerchantAsync(message.MerchantId, cancellationToken))
        {
            var pendingOrders = new List<VersionedOrder>();
            await foreach (var pending in orders.AllAsync(shop.ShopId, OrderState.Pending, cancellationToken))
            {
                pendingOrders.Add(pending);
            }

            // One catalog look-up for every SKU the shop's pending orders miss, not one per order.
            var stillMissing = await catalog.MissingAsync(message.MerchantId, pendingOrders.SelectMany(o => o.Order.MissingSkus), cancellationToken);
            var changed = new List<VersionedOrder>();
            foreach (var pending in pendingOrders)
            {
                var missing = pending.Order.MissingSkus.Where(stillMissing.Contains).ToArray();
                if (OrderRules.Reevaluate(pending.Order, missing, time.GetUtcNow()) is { } updated)
                {
                    changed.Add(pending with { Order = updated });
                }
            }

            await orders.SaveAsync(shop.ShopId, changed, cancellationToken);
            LogReevaluated(shop.ShopId, changed.Count(o => o.Order.State == OrderState.ReadyToFulfil), message.MerchantId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Shop {ShopId}: {Ready} pending orders became ready after the catalog of merchant {MerchantId} grew")]
    private partial void LogReevaluated(string shopId, int ready, string merchantId);
}
