using Connector.Shops;
using Connector.Support;
using Connector.TikTok;
using Connector.Tokens;

namespace Connector.Orders;

/// <summary>The order pull's view of the shop registry, support cases and the token lifecycle.</summary>
public sealed class OrderPullShops(ShopRepository shops, SupportCaseStore cases, IAuthorizationLoss loss) : IOrderPullShops
{
    public async Task<OrderPullShop?> FindAsync(string shopId, CancellationToken cancellationToken)
    {
        var shop = await shops.GetAsync(shopId, cancellationToken);
        if (shop is null)
        {
            return null;
        }

        var settings = shop.Settings.Orders;
        return new OrderPullShop(
            shop.ShopId,
            shop.MerchantId,
            shop.Cipher,
            shop.Status == ShopStatus.Active && settings.ImportEnabled,
            settings.ImportStartDate,
            settings.ToImportSettings());
    }

    public async Task AuthorizationLostAsync(string shopId, TikTokException error, CancellationToken cancellationToken)
    {
        if (await shops.GetAsync(shopId, cancellationToken) is { } shop)
        {
            await loss.LostAsync(shop.AuthorizationId, error, cancellationToken);
        }
    }

    public Task CancelledAfterReleaseAsync(StoredOrder order, CancellationToken cancellationToken) =>
        cases.OpenAsync(
            SupportCaseKind.CancelledAfterRelease,
            $"cancelled-after-release|{order.ShopId}|{order.OrderId}",
            $"TikTok cancelled order {order.OrderId} of shop {order.ShopId} after the back office of merchant {order.MerchantId} took it: stop the shipment. Reason: {order.CancelReason ?? "none given"}.",
            order.ShopId,
            order.MerchantId,
            null,
            cancellationToken);
}
