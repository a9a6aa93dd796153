using Connector.Audit;
using Connector.Http;

namespace Connector.Admin.Shops;

/// <summary>POST /api/admin/shops/{shopId}/rename: support's name for the shop, kept across re-authorizations.</summary>
public sealed class ShopRename(AdminShopRecords records, AuditLog audit, TimeProvider time)
{
    /// <summary>POST /api/admin/shops/{shopId}/rename {"name": "..."}.</summary>
    public async Task<Outcome<ShopSummary>> RenameAsync(RenameShop request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await records.FindAsync(request.ShopId, cancellationToken) is not { } shop)
        {
            return AdminShopRecords.NotFound(request.ShopId);
        }

        var before = shop.Name;
        shop.Name = request.Name;
        shop.RenamedBySupport = true;
        shop.UpdatedAt = time.GetUtcNow();
        if (await records.SaveAsync(shop, shop.Status, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await audit.WriteAsync(request.Caller, AuditActions.RenameShop, shop.ShopId, null, new { from = before, to = request.Name, tikTokName = shop.TikTokName }, cancellationToken);
        return ShopSummary.Of(shop);
    }
}
