using Connector.Http;
using Connector.Runs;
using Connector.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin.Runs;

/// <summary>The task center: a shop's runs (order pulls, inventory pushes, ...) with their counts and errors.</summary>
public sealed class RunAdmin(ShopRepository shops, RunStore runs, TimeProvider time)
{
    /// <summary>Without <c>from</c>, the task center shows this much history.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    /// <summary>The longest window one query may cover.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(93);

    /// <summary>
    /// GET /api/admin/runs?from=&amp;to=&amp;shopId=&amp;kind=&amp;outcome=&amp;pageSize=&amp;continuationToken=: every shop's runs
    /// started in the window (default the last 7 days), newest first, paged.
    /// </summary>
    public async Task<IActionResult> ListAllAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!AdminRequest.TryEnum<RunOutcome>(request, "outcome", out var outcome, out _))
        {
            errors["outcome"] = [$"one of: {string.Join(", ", Enum.GetNames<RunOutcome>())}"];
        }

        if (!AdminRequest.TryPageSize(request, out var pageSize, out _))
        {
            errors["pageSize"] = [$"a whole number from 1 to {AdminRequest.MaxPageSize}"];
        }

        var kind = Kind(AdminRequest.Query(request, "kind"), out var kindKnown);
        if (!kindKnown)
        {
            errors["kind"] = [$"one of: {string.Join(", ", Kinds)}"];
        }

        var shopId = AdminRequest.Query(request, "shopId");
        if (shopId is not null && !AdminRequest.IsId(shopId))
        {
            errors["shopId"] = ["1 to 64 letters, digits, '.', '_' or '-'"];
        }

        if (!AdminRequest.TryContinuation(request, out var continuation, out _))
        {
            errors["continuationToken"] = ["not one this API gave out; start again without it"];
        }

        var now = time.GetUtcNow();
        var to = Time(request, "to", errors) ?? now;
        var from = Time(request, "from", errors) ?? to - DefaultWindow;
        if (!errors.ContainsKey("from") && !errors.ContainsKey("to"))
        {
            if (from > to)
            {
                errors["from"] = ["must not be after to"];
            }
            else if (to - from > MaxWindow)
            {
                errors["from"] = [$"the window may cover at most {MaxWindow.TotalDays:0} days"];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest("Some filters are not valid: " + string.Join("; ", errors.Select(e => $"{e.Key} {e.Value[0]}")) + ".", errors);
        }

        try
        {
            var (page, next) = await runs.ListAcrossShopsAsync(from, to, shopId, kind, outcome, continuation, pageSize, cancellationToken);
            return Problems.Json(new { from, to, runs = page, continuationToken = AdminRequest.Continuation(next) });
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Problems.BadRequest("continuationToken is not one this API gave out.", new Dictionary<string, string[]> { ["continuationToken"] = ["not one this API gave out"] });
        }
    }

    private static readonly string[] Kinds = typeof(RunKinds).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();

    private static string? Kind(string? text, out bool known)
    {
        known = true;
        if (text is null)
        {
            return null;
        }

        var kind = Kinds.FirstOrDefault(k => string.Equals(k, text, StringComparison.OrdinalIgnoreCase));
        known = kind is not null;
        return kind;
    }

    private static DateTimeOffset? Time(HttpRequest request, string name, Dictionary<string, string[]> errors)
    {
        if (AdminRequest.Query(request, name) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        errors[name] = ["an ISO 8601 date and time, e.g. 2026-01-31T00:00:00Z"];
        return null;
    }

    /// <summary>GET /api/admin/shops/{shopId}/runs?kind=&amp;outcome=&amp;pageSize=&amp;continuationToken=, newest first.</summary>
    public async Task<IActionResult> ListAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryEnum<RunOutcome>(request, "outcome", out var outcome, out var problem) || !AdminRequest.TryPageSize(request, out var pageSize, out problem)
            || !AdminRequest.TryContinuation(request, out var continuation, out problem))
        {
            return problem!;
        }

        var kind = AdminRequest.Query(request, "kind");
        var kinds = typeof(RunKinds).GetFields().Select(f => (string)f.GetValue(null)!).ToArray();
        if (kind is not null)
        {
            kind = kinds.FirstOrDefault(k => string.Equals(k, kind, StringComparison.OrdinalIgnoreCase));
            if (kind is null)
            {
                return Problems.BadRequest($"Unknown kind '{AdminRequest.Query(request, "kind")}'. Use one of: {string.Join(", ", kinds)}.");
            }
        }

        if (!AdminRequest.IsId(shopId) || await shops.GetAsync(shopId, cancellationToken) is null)
        {
            return Problems.NotFound($"Shop {shopId} does not exist.");
        }

        try
        {
            var (page, next) = await runs.ListAsync(shopId, kind, outcome, continuation, pageSize, cancellationToken);
            return Problems.Json(new { runs = page, continuationToken = AdminRequest.Continuation(next) });
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Problems.BadRequest("continuationToken is not one this API gave out.");
        }
    }

    /// <summary>GET /api/admin/shops/{shopId}/runs/{runId}.</summary>
    public async Task<IActionResult> GetAsync(string shopId, string runId, CancellationToken cancellationToken)
    {
        if (!AdminRequest.IsId(shopId) || await shops.GetAsync(shopId, cancellationToken) is null)
        {
            return Problems.NotFound($"Shop {shopId} does not exist.");
        }

        return AdminRequest.IsId(runId) && await runs.GetAsync(shopId, runId, cancellationToken) is { } run
            ? Problems.Json(run)
            : Problems.NotFound($"Shop {shopId} has no run {runId}.");
    }
}
