using Connector.Audit;
using Connector.Http;
using Connector.Support;

namespace Connector.Admin.Cases;

/// <summary>Support cases: list (open by default) and resolve with a note.</summary>
public sealed class CaseAdmin(SupportCaseStore cases, AuditLog audit)
{
    /// <summary>GET /api/admin/cases: newest first, paged (one index range per page, whatever the number of cases).</summary>
    public async Task<Outcome<CasePage>> ListAsync(ListCases request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (page, next) = await cases.ListAsync(request.Status, request.Kind, request.ShopId, request.ContinuationToken, request.PageSize, cancellationToken);
        return new CasePage(page, AdminRequest.Continuation(next));
    }

    /// <summary>POST /api/admin/cases/{caseId}/resolve.</summary>
    public async Task<Outcome<SupportCase>> ResolveAsync(ResolveCase request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (resolved, already) = await cases.ResolveAsync(request.CaseId, request.Note, request.Caller, cancellationToken);
        if (resolved is null)
        {
            return Refusal.NotFound($"Support case {request.CaseId} does not exist.");
        }

        if (already)
        {
            return Refusal.Conflict($"Support case {request.CaseId} was resolved already at {resolved.ResolvedAt:O} by {resolved.ResolvedBy}: {resolved.ResolutionNote}");
        }

        await audit.WriteAsync(request.Caller, AuditActions.ResolveCase, resolved.ShopId, request.CaseId, new { resolved.Kind, note = request.Note }, cancellationToken);
        return resolved;
    }
}
