using Connector.Http;
using Connector.Inventory;
using Connector.Orders;
using Connector.Shops;
using Connector.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin.Shops;

/// <summary>
/// What the shop endpoints of the admin API share: finding a shop by the id in the route (404, or 400 for a bad id),
/// saving it against its ETag (409 when someone else wrote meanwhile) and the summary every list and write answers.
/// </summary>
public sealed class AdminShopRecords(ShopRepository shops)
{
    public async Task<ShopRecord?> FindAsync(string shopId, CancellationToken cancellationToken) =>
        AdminRequest.IsId(shopId) ? await shops.GetAsync(shopId, cancellationToken) : null;

    /// <summary>404 for an unknown shop; 400 naming shopId when it is not even an id.</summary>
    public static IActionResult NotFound(string shopId) => Ids.IsValid(shopId) ? Problems.NotFound($"Shop {shopId} does not exist.") : Ids.Invalid("shopId", shopId);

    public async Task<IActionResult?> ChangeStatusAsync(ShopRecord shop, ShopStatus to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var previous = shop.Status;
        shop.Status = to;
        shop.UpdatedAt = now;
        return await SaveAsync(shop, previous, cancellationToken);
    }

    public async Task<IActionResult?> SaveAsync(ShopRecord shop, ShopStatus previous, CancellationToken cancellationToken)
    {
        try
        {
            await shops.UpdateAsync(shop, previous, cancellationToken);
            return null;
        }
        catch (ConcurrencyConflictException)
        {
            return Problems.Conflict($"Shop {shop.ShopId} was changed by someone else meanwhile; nothing was changed. Read it again and retry.");
        }
    }

    public static object Summary(ShopRecord shop) => new
    {
        shop.ShopId,
        shop.MerchantId,
        shop.Name,
        shop.TikTokName,
        shop.Region,
        Status = shop.Status.ToString(),
        Tokens = new { shop.AccessTokenExpiresAt, shop.RefreshTokenExpiresAt },
        OrderImportEnabled = shop.Settings.Orders.ImportEnabled,
        InventoryExportEnabled = shop.Settings.Inventory?.Enabled ?? false,
        shop.CreatedAt,
        shop.UpdatedAt,
    };
}
