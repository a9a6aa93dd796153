using Connector.Http;
using Connector.Support;

namespace Connector.Admin.Cases;

/// <summary>
/// GET /api/admin/cases?status=Open|Resolved&amp;shopId=&amp;kind=&amp;pageSize=&amp;continuationToken=: open cases unless
/// <c>status</c> says otherwise, newest first.
/// </summary>
public sealed record ListCases(SupportCaseStatus Status, SupportCaseKind? Kind, string? ShopId, int PageSize, string? ContinuationToken)
{
    public static ListCases Bind(RequestReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "case list's filters";
        return new ListCases(
            r.QueryEnum<SupportCaseStatus>("status") ?? SupportCaseStatus.Open, r.QueryEnum<SupportCaseKind>("kind"), r.QueryId("shopId"), r.PageSize(), r.Continuation());
    }
}

/// <summary>POST /api/admin/cases/{caseId}/resolve {"note": "what was done"}; <see cref="Caller"/> is who resolved it.</summary>
public sealed record ResolveCase(string CaseId, string Note, string Caller)
{
    public const int MaxNoteLength = 2000;
    public const string Shape = "{\"note\": \"what was done\"} (1 to 2000 characters)";

    public static ResolveCase Bind(RequestReader r, string caseId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "resolution";
        caseId = r.Id("caseId", caseId);
        var note = r.Object(Shape) is { } body ? r.Text(body, "note")?.Trim() : null;
        if (r.Errors.ContainsKey("") || r.Errors.ContainsKey("note"))
        {
            return new ResolveCase(caseId, "", r.Caller);
        }

        if (string.IsNullOrEmpty(note))
        {
            r.Fail("note", $"required: 1 to {MaxNoteLength} characters");
        }
        else if (note.Length > MaxNoteLength)
        {
            r.Fail("note", $"must be at most {MaxNoteLength} characters");
        }

        return new ResolveCase(caseId, note ?? "", r.Caller);
    }
}

/// <summary>A page of support cases, newest first.</summary>
public sealed record CasePage(IReadOnlyList<SupportCase> Cases, string? ContinuationToken);
