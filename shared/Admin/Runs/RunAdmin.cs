using Connector.Http;
using Connector.Runs;
using Connector.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin.Runs;

/// <summary>The task center: a shop's runs (order pulls, inventory pushes, ...) with their counts and errors.</summary>
public sealed class RunAdmin(ShopRepository shops, RunStore runs)
{
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
