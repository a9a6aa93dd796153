using Connector.Http;
using Connector.Runs;

namespace Connector.Admin.Runs;

/// <summary>
/// GET /api/admin/runs?from=&amp;to=&amp;shopId=&amp;kind=&amp;outcome=&amp;pageSize=&amp;continuationToken=: every shop's runs started
/// in [from, to] (default the last 7 days up to now), at most <see cref="MaxWindow"/> at once.
/// </summary>
public sealed record ListAllRuns(DateTimeOffset From, DateTimeOffset To, string? ShopId, string? Kind, RunOutcome? Outcome, int PageSize, string? ContinuationToken)
{
    /// <summary>Without <c>from</c>, the task center shows this much history.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    /// <summary>The longest window one query may cover.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(93);

    public static ListAllRuns Bind(RequestReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "task center's filters";
        var outcome = r.QueryEnum<RunOutcome>("outcome");
        var pageSize = r.PageSize();
        var kind = RunKindQuery.Bind(r);
        var shopId = r.QueryId("shopId");
        var continuation = r.Continuation();
        var toText = r.QueryTime("to", "e.g. 2026-01-31T00:00:00Z");
        var fromText = r.QueryTime("from", "e.g. 2026-01-31T00:00:00Z");
        var to = toText ?? r.Now;
        var from = fromText ?? to - DefaultWindow;
        if (!r.Errors.ContainsKey("from") && !r.Errors.ContainsKey("to"))
        {
            if (from > to)
            {
                r.Fail("from", "must not be after to");
            }
            else if (to - from > MaxWindow)
            {
                r.Fail("from", $"the window may cover at most {MaxWindow.TotalDays:0} days");
            }
        }

        return new ListAllRuns(from, to, shopId, kind, outcome, pageSize, continuation);
    }
}

/// <summary>GET /api/admin/shops/{shopId}/runs?kind=&amp;outcome=&amp;pageSize=&amp;continuationToken=, newest first.</summary>
public sealed record ListShopRuns(string ShopId, string? Kind, RunOutcome? Outcome, int PageSize, string? ContinuationToken)
{
    public static ListShopRuns Bind(RequestReader r, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "task center's filters";
        return new ListShopRuns(r.Id("shopId", shopId), RunKindQuery.Bind(r), r.QueryEnum<RunOutcome>("outcome"), r.PageSize(), r.Continuation());
    }
}

/// <summary>GET /api/admin/shops/{shopId}/runs/{runId}.</summary>
public sealed record GetRun(string ShopId, string RunId)
{
    public static GetRun Bind(RequestReader r, string shopId, string runId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new GetRun(r.Id("shopId", shopId), r.Id("runId", runId));
    }
}

/// <summary>The <c>kind</c> filter: one of <see cref="RunKinds"/>, any case, answered in its own spelling.</summary>
internal static class RunKindQuery
{
    public static readonly string[] Kinds = typeof(RunKinds).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();

    public static string? Bind(RequestReader r)
    {
        if (r.Query("kind") is not { } text)
        {
            return null;
        }

        var kind = Kinds.FirstOrDefault(k => string.Equals(k, text, StringComparison.OrdinalIgnoreCase));
        if (kind is null)
        {
            r.Fail("kind", "must be one of: " + string.Join(", ", Kinds));
        }

        return kind;
    }
}
