using Connector.Audit;
using Connector.Http;
using Connector.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin.Cases;

/// <summary>Support cases: list (open by default) and resolve with a note.</summary>
public sealed class CaseAdmin(SupportCaseStore cases, AuditLog audit)
{
    public sealed record ResolveRequest(string? Note);

    /// <summary>
    /// GET /api/admin/cases?status=Open|Resolved&amp;shopId=&amp;kind=&amp;pageSize=&amp;continuationToken=, newest first, paged
    /// (one index range per page, whatever the number of cases).
    /// </summary>
    public async Task<IActionResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!AdminRequest.TryEnum<SupportCaseStatus>(request, "status", out var status, out _))
        {
            errors["status"] = [$"one of: {string.Join(", ", Enum.GetNames<SupportCaseStatus>())}"];
        }

        if (!AdminRequest.TryEnum<SupportCaseKind>(request, "kind", out var kind, out _))
        {
            errors["kind"] = [$"one of: {string.Join(", ", Enum.GetNames<SupportCaseKind>())}"];
        }

        var shopId = AdminRequest.Query(request, "shopId");
        if (shopId is not null && !AdminRequest.IsId(shopId))
        {
            errors["shopId"] = ["1 to 64 letters, digits, '.', '_' or '-'"];
        }

        if (!AdminRequest.TryPageSize(request, out var pageSize, out _))
        {
            errors["pageSize"] = [$"a whole number from 1 to {AdminRequest.MaxPageSize}"];
        }

        if (!AdminRequest.TryContinuation(request, out var continuation, out _))
        {
            errors["continuationToken"] = ["not one this API gave out; start again without it"];
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest("Some filters are not valid: " + string.Join("; ", errors.Select(e => $"{e.Key} {e.Value[0]}")) + ".", errors);
        }

        var (page, next) = await cases.ListAsync(status ?? SupportCaseStatus.Open, kind, shopId, continuation, pageSize, cancellationToken);
        return Problems.Json(new { cases = page, continuationToken = AdminRequest.Continuation(next) });
    }

    /// <summary>POST /api/admin/cases/{caseId}/resolve {"note": "..."}.</summary>
    public async Task<IActionResult> ResolveAsync(HttpRequest request, string caseId, CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await RequestBody.ReadAsync<ResolveRequest>(request, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var note = body?.Note?.Trim();
        if (note is not { Length: > 0 and <= 2000 })
        {
            return Problems.BadRequest("The body must be {\"note\": \"what was done\"} (1 to 2000 characters).",
                new Dictionary<string, string[]> { ["note"] = [string.IsNullOrEmpty(note) ? "required: 1 to 2000 characters" : "must be at most 2000 characters"] });
        }

        if (Ids.Check(("caseId", caseId)) is { } badId)
        {
            return badId;
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
