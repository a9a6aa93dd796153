using Connector.Audit;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin.Shops;

/// <summary>GET /api/admin/shops/{shopId}/audit and GET /api/admin/audit: the audit log, newest first, paged.</summary>
public sealed class AuditLogAdmin(AdminShopRecords records, AuditLog audit)
{
    /// <summary>GET /api/admin/shops/{shopId}/audit: the shop's audit log, newest first.</summary>
    public async Task<IActionResult> AuditAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryPageSize(request, out var pageSize, out var problem))
        {
            return problem!;
        }

        if (await records.FindAsync(shopId, cancellationToken) is null)
        {
            return AdminShopRecords.NotFound(shopId);
        }

        return await AuditPageAsync(shopId, request, pageSize, cancellationToken);
    }

    /// <summary>GET /api/admin/audit: admin writes that are not about one shop, and shop deletions.</summary>
    public Task<IActionResult> GlobalAuditAsync(HttpRequest request, CancellationToken cancellationToken) =>
        AdminRequest.TryPageSize(request, out var pageSize, out var problem) ? AuditPageAsync(null, request, pageSize, cancellationToken) : Task.FromResult(problem!);

    private async Task<IActionResult> AuditPageAsync(string? shopId, HttpRequest request, int pageSize, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryContinuation(request, out var continuation, out var problem))
        {
            return problem!;
        }

        try
        {
            var (entries, next) = await audit.ListAsync(shopId, continuation, pageSize, cancellationToken);
            return Problems.Json(new { entries, continuationToken = AdminRequest.Continuation(next) });
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Problems.BadRequest("continuationToken is not one this API gave out.");
        }
    }
}
