using Connector.Audit;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin.Shops;

/// <summary>POST /api/admin/shops/{shopId}/rename: support's name for the shop, kept across re-authorizations.</summary>
public sealed class ShopRename(AdminShopRecords records, AuditLog audit, TimeProvider time)
{
    public sealed record RenameRequest(string? Name);

    /// <summary>POST /api/admin/shops/{shopId}/rename {"name": "..."}.</summary>
    public async Task<IActionResult> RenameAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await RequestBody.ReadAsync<RenameRequest>(request, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var name = body?.Name?.Trim();
        if (name is not { Length: > 0 and <= 100 } || name.Any(char.IsControl))
        {
            return Problems.BadRequest("The body must be {\"name\": \"...\"}: 1 to 100 characters, no control characters.",
                new Dictionary<string, string[]> { ["name"] = [string.IsNullOrEmpty(name) ? "required: 1 to 100 characters" : "must be 1 to 100 characters without control characters"] });
        }

        if (await records.FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return AdminShopRecords.NotFound(shopId);
        }

        var before = shop.Name;
        shop.Name = name;
        shop.RenamedBySupport = true;
        shop.UpdatedAt = time.GetUtcNow();
        if (await records.SaveAsync(shop, shop.Status, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await audit.WriteAsync(AdminCaller.KeyName(request), AuditActions.RenameShop, shop.ShopId, null, new { from = before, to = name, tikTokName = shop.TikTokName }, cancellationToken);
        return Problems.Json(AdminShopRecords.Summary(shop));
    }
}
