using Connector.Http;
using Connector.Inventory;
using Connector.Orders;
using Connector.Shops;
using Connector.Storage;

namespace Connector.Admin.Shops;

/// <summary>
/// What the shop endpoints of the admin API share: finding a shop by the id in the route (404, or 400 for a bad id),
/// saving it against its ETag (409 when someone else wrote meanwhile) and the summary every list and write answers.
/// </summary>
public sealed class AdminShopRecords(ShopRepository shops)
{
    public async Task<ShopRecord?> FindAsync(string shopId, CancellationToken cancellationToken) =>
        Ids.IsValid(shopId) ? await shops.GetAsync(shopId, cancellationToken) : null;

    /// <summary>404 for an unknown shop (the request record has checked it is an id).</summary>
    public static Refusal NotFound(string shopId) => Refusal.NotFound($"Shop {shopId} does not exist.");

    public async Task<Refusal?> ChangeStatusAsync(ShopRecord shop, ShopStatus to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var previous = shop.Status;
        shop.Status = to;
        shop.UpdatedAt = now;
        return await SaveAsync(shop, previous, cancellationToken);
    }

    public async Task<Refusal?> SaveAsync(ShopRecord shop, ShopStatus previous, CancellationToken cancellationToken)
    {
        try
        {
            await shops.UpdateAsync(shop, previous, cancellationToken);
            return null;
        }
        catch (ConcurrencyConflictException)
        {
            return Refusal.Conflict($"Shop {shop.ShopId} was changed by someone else meanwhile; nothing was changed. Read it again and retry.");
        }
    }

    public static ShopSummary Summary(ShopRecord shop) => ShopSummary.Of(shop);
}
