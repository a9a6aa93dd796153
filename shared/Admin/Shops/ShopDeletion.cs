using Connector.Audit;
using Connector.Fulfilment;
using Connector.Http;
using Connector.Inventory;
using Connector.Listings;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Storage;
using Connector.Support;
using Connector.Tokens;
using Connector.Webhooks;
using Microsoft.Extensions.Logging;

namespace Connector.Admin.Shops;

/// <summary>
/// DELETE /api/admin/shops/{shopId}?confirm={shopId}: removes the shop and everything kept for it (orders, runs, the
/// pull checkpoint, support cases, its audit entries, webhook notifications, after-sales requests, the inventory SKU map and push snapshots, shipments, labels and their PDFs, listings and uploaded images, and what every IShopDataOwner keeps, e.g. finance), then its seller
/// authorization and Key Vault secret when no other shop uses them. The shop is paused first and its row removed last,
/// so a delete cut short can simply be sent again. Answers the counts removed; the deletion itself is recorded in the
/// global audit log.
/// </summary>
public sealed partial class ShopDeletion(
    ShopRepository shops,
    OrderStore orders,
    OrderPullCheckpointStore checkpoints,
    RunStore runs,
    SupportCaseStore cases,
    AuthorizationRepository authorizations,
    TokenStore tokens,
    NotificationStore notifications,
    AfterSales.AfterSalesStore afterSales,
    SkuMapStore skuMaps,
    PushSnapshotStore snapshots,
    ShipmentStore shipments,
    ListingStore listings,
    ListingImages listingImages,
    IEnumerable<IShopDataOwner> owners,
    Connector.Labels.LabelStore labels,
    Connector.Labels.LabelDocuments labelDocuments,
    AuditLog audit,
    TimeProvider time,
    ILogger<ShopDeletion> logger)
{
    public async Task<Outcome<ShopDeleted>> DeleteAsync(DeleteShop request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var shopId = request.ShopId;
        if (await shops.GetAsync(shopId, cancellationToken) is not { } shop)
        {
            return AdminShopRecords.NotFound(shopId);
        }

        // Remembered first: a seller authorizing again (a sister shop, say) must not bring the shop back.
        var keyName = request.Caller;
        await shops.RememberDeletedAsync(new DeletedShop(shopId, shop.MerchantId, shop.Name, time.GetUtcNow(), keyName), cancellationToken);

        // Stop the pulls first: a paused shop is neither fanned out nor pulled.
        if (shop.Status is ShopStatus.Active)
        {
            var previous = shop.Status;
            shop.Status = ShopStatus.Paused;
            shop.UpdatedAt = time.GetUtcNow();
            try
            {
                await shops.UpdateAsync(shop, previous, cancellationToken);
            }
            catch (ConcurrencyConflictException)
            {
                return Refusal.Conflict($"Shop {shopId} was changed by someone else meanwhile; nothing was deleted. Try again.");
            }
        }

        var removed = new Dictionary<string, int>
        {
            ["orders"] = await orders.DeleteShopAsync(shopId, cancellationToken),
            ["runs"] = await runs.DeleteShopAsync(shopId, cancellationToken),
            ["checkpoints"] = await checkpoints.DeleteAsync(shopId, cancellationToken) ? 1 : 0,
            ["supportCases"] = await cases.DeleteShopAsync(shopId, cancellationToken),
            ["auditEntries"] = await audit.DeleteShopAsync(shopId, cancellationToken),
            ["webhookNotifications"] = await notifications.DeleteShopAsync(shopId, cancellationToken),
            ["afterSalesRequests"] = await afterSales.DeleteShopAsync(shop.MerchantId, shopId, cancellationToken),
            ["skuMaps"] = await skuMaps.DeleteShopAsync(shopId, cancellationToken),
            ["inventorySnapshots"] = await snapshots.DeleteShopAsync(shopId, cancellationToken),
            ["shipments"] = await shipments.DeleteShopAsync(shop.MerchantId, shopId, cancellationToken),
            ["listings"] = await listings.DeleteShopAsync(shopId, cancellationToken),
            ["listingImages"] = await listingImages.DeleteShopAsync(shopId, cancellationToken),
            ["labels"] = await labelDocuments.DeleteLabelsAsync(await labels.DeleteShopAsync(shop.MerchantId, shopId, cancellationToken), cancellationToken),
        };
        foreach (var owner in owners)
        {
            removed[owner.Name] = await owner.DeleteShopAsync(shopId, cancellationToken);
        }

        try
        {
            await shops.DeleteAsync(shop, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            return Refusal.Conflict($"Shop {shopId} was changed by someone else meanwhile; its data is removed but the shop is not. Send the delete again.");
        }

        removed["shops"] = 1;
        var othersOnAuthorization = (await shops.ListByAuthorizationAsync(shop.AuthorizationId, cancellationToken)).Count(s => s.ShopId != shopId);
        var secretDeleted = false;
        if (othersOnAuthorization == 0 && shop.AuthorizationId.Length > 0)
        {
            secretDeleted = await tokens.DeleteAsync(shop.AuthorizationId, cancellationToken);
            removed["authorizations"] = await authorizations.DeleteAsync(shop.AuthorizationId, cancellationToken) ? 1 : 0;
        }

        removed["keyVaultSecrets"] = secretDeleted ? 1 : 0;
        await audit.WriteAsync(keyName, AuditActions.DeleteShop, shopId, null,
            new { shop.MerchantId, shop.Name, shop.Region, shop.AuthorizationId, removed, authorizationKept = othersOnAuthorization > 0 }, cancellationToken);
        LogDeleted(shopId, keyName, removed["orders"], othersOnAuthorization > 0);
        return new ShopDeleted(shopId, removed, othersOnAuthorization);
    }

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Shop {ShopId} deleted by key {KeyName}: {Orders} orders removed; authorization kept for other shops: {AuthorizationKept}")]
    private partial void LogDeleted(string shopId, string keyName, int orders, bool authorizationKept);
}
