using Connector.Audit;
using Connector.Http;

namespace Connector.Admin.Shops;

/// <summary>GET /api/admin/shops/{shopId}/audit and GET /api/admin/audit: the audit log, newest first, paged.</summary>
public sealed class AuditLogAdmin(AdminShopRecords records, AuditLog audit)
{
    /// <summary>GET /api/admin/shops/{shopId}/audit (the shop's) or GET /api/admin/audit (no shop): newest first, paged.</summary>
    public async Task<Outcome<AuditPage>> AuditAsync(ReadAudit request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ShopId is { } shopId && await records.FindAsync(shopId, cancellationToken) is null)
        {
            return AdminShopRecords.NotFound(shopId);
        }

        try
        {
            var (entries, next) = await audit.ListAsync(request.ShopId, request.ContinuationToken, request.PageSize, cancellationToken);
            return new AuditPage(entries, AdminRequest.Continuation(next));
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Refusal.InvalidField("continuationToken", "is not one this API gave out", "continuationToken is not one this API gave out.");
        }
    }
}
