using Connector.Http;
using Connector.Shops;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin.Shops;

/// <summary>GET /api/admin/shops: the shops, filtered and paged.</summary>
public sealed class ShopList(ShopRepository shops)
{
    /// <summary>GET /api/admin/shops?merchantId=&amp;status=&amp;region=&amp;pageSize=&amp;continuationToken=.</summary>
    public async Task<IActionResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryEnum<ShopStatus>(request, "status", out var status, out var problem) || !AdminRequest.TryPageSize(request, out var pageSize, out problem)
            || !AdminRequest.TryContinuation(request, out var continuation, out problem))
        {
            return problem!;
        }

        var merchantId = AdminRequest.Query(request, "merchantId");
        var region = AdminRequest.Query(request, "region")?.ToUpperInvariant();
        if (merchantId is not null && Ids.Check(("merchantId", merchantId)) is { } badId)
        {
            return badId;
        }

        if (region is not null && (region.Length != 2 || !region.All(char.IsAsciiLetter)))
        {
            return Problems.BadRequest("region must be a two-letter country code such as GB or US.", new Dictionary<string, string[]> { ["region"] = ["a two-letter country code such as GB or US"] });
        }

        try
        {
            var (page, next) = await shops.ListPageAsync(merchantId, status, region, continuation, pageSize, cancellationToken);
            return Problems.Json(new { shops = page.Select(AdminShopRecords.Summary), continuationToken = AdminRequest.Continuation(next) });
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Problems.BadRequest("continuationToken is not one this API gave out.");
        }
    }
}
