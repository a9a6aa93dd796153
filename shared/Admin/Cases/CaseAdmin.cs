using Connector.Admin.Audit;
using Connector.Http;
using Connector.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin.Cases;

/// <summary>Support cases: list (open by default) and resolve with a note.</summary>
public sealed class CaseAdmin(SupportCaseStore cases, AuditLog audit)
{
    public sealed record ResolveRequest(string? Note);

    /// <summary>GET /api/admin/cases?status=Open|Resolved&amp;shopId=&amp;kind=, newest first.</summary>
    public async Task<IActionResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryEnum<SupportCaseStatus>(request, "status", out var status, out var problem)
            || !AdminRequest.TryEnum<SupportCaseKind>(request, "kind", out var kind, out problem))
        {
            return problem!;
        }

        var shopId = AdminRequest.Query(request, "shopId");
        if (shopId is not null && !AdminRequest.IsId(shopId))
        {
            return Problems.BadRequest("shopId must be 1 to 64 letters, digits, '.', '_' or '-'.", new Dictionary<string, string[]> { ["shopId"] = ["1 to 64 letters, digits, '.', '_' or '-'"] });
        }

        var wanted = status ?? SupportCaseStatus.Open;
        var list = (await cases.ListAsync(cancellationToken))
            .Where(c => c.Status == wanted && (kind is null || c.Kind == kind) && (shopId is null || c.ShopId == shopId))
            .ToArray();
        return Problems.Json(new { cases = list });
    }

    /// <summary>POST /api/admin/cases/{caseId}/resolve {"note": "..."}.</summary>
    public async Task<IActionResult> ResolveAsync(HttpRequest request, string caseId, CancellationToken cancellationToken)
    {
        var body = await Problems.ReadJsonAsync<ResolveRequest>(request, cancellationToken);
        var note = body?.Note?.Trim();
        if (note is not { Length: > 0 and <= 2000 })
        {
            return Problems.BadRequest("The body must be {\"note\": \"what was done\"} (1 to 2000 characters).",
                new Dictionary<string, string[]> { ["note"] = ["required: 1 to 2000 characters"] });
        }

        if (!AdminRequest.IsId(caseId))
        {
            return Problems.NotFound($"Support case {caseId} does not exist.");
        }

        var keyName = AdminCaller.KeyName(request);
        var (resolved, already) = await cases.ResolveAsync(caseId, note, keyName, cancellationToken);
        if (resolved is null)
        {
            return Problems.NotFound($"Support case {caseId} does not exist.");
        }

        if (already)
        {
            return Problems.Conflict($"Support case {caseId} was resolved already at {resolved.ResolvedAt:O} by {resolved.ResolvedBy}: {resolved.ResolutionNote}");
        }

        await audit.WriteAsync(keyName, AuditActions.ResolveCase, resolved.ShopId, caseId, new { resolved.Kind, note }, cancellationToken);
        return Problems.Json(resolved);
    }
}
