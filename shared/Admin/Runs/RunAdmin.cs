using Connector.Http;
using Connector.Runs;
using Connector.Shops;

namespace Connector.Admin.Runs;

/// <summary>The task center: a shop's runs (order pulls, inventory pushes, ...) with their counts and errors.</summary>
public sealed class RunAdmin(ShopRepository shops, RunStore runs)
{
    /// <summary>GET /api/admin/runs: every shop's runs started in the window (default the last 7 days), newest first, paged.</summary>
    public async Task<Outcome<RunsAcrossShopsPage>> ListAllAsync(ListAllRuns request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var (page, next) = await runs.ListAcrossShopsAsync(
                request.From, request.To, request.ShopId, request.Kind, request.Outcome, request.ContinuationToken, request.PageSize, cancellationToken);
            return new RunsAcrossShopsPage(request.From, request.To, page, AdminRequest.Continuation(next));
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return NotOurToken();
        }
    }

    /// <summary>GET /api/admin/shops/{shopId}/runs, newest first.</summary>
    public async Task<Outcome<RunPage>> ListAsync(ListShopRuns request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await shops.GetAsync(request.ShopId, cancellationToken) is null)
        {
            return Refusal.NotFound($"Shop {request.ShopId} does not exist.");
        }

        try
        {
            var (page, next) = await runs.ListAsync(request.ShopId, request.Kind, request.Outcome, request.ContinuationToken, request.PageSize, cancellationToken);
            return new RunPage(page, AdminRequest.Continuation(next));
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return NotOurToken();
        }
    }

    /// <summary>GET /api/admin/shops/{shopId}/runs/{runId}.</summary>
    public async Task<Outcome<RunRecord>> GetAsync(GetRun request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await shops.GetAsync(request.ShopId, cancellationToken) is null)
        {
            return Refusal.NotFound($"Shop {request.ShopId} does not exist.");
        }

        return await runs.GetAsync(request.ShopId, request.RunId, cancellationToken) is { } run
            ? run
            : Refusal.NotFound($"Shop {request.ShopId} has no run {request.RunId}.");
    }

    private static Refusal NotOurToken() =>
        Refusal.InvalidField("continuationToken", "not one this API gave out", "continuationToken is not one this API gave out.");
}
