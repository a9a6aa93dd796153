using Connector.Http;
using Connector.Shops;

namespace Connector.Admin.Shops;

/// <summary>GET /api/admin/shops: the shops, filtered and paged.</summary>
public sealed class ShopList(ShopRepository shops)
{
    /// <summary>GET /api/admin/shops?merchantId=&amp;status=&amp;region=&amp;pageSize=&amp;continuationToken=.</summary>
    public async Task<Outcome<ShopPage>> ListAsync(ListShops request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var (page, next) = await shops.ListPageAsync(request.MerchantId, request.Status, request.Region, request.ContinuationToken, request.PageSize, cancellationToken);
            return new ShopPage(page.Select(ShopSummary.Of).ToList(), AdminRequest.Continuation(next));
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Refusal.InvalidField("continuationToken", "is not one this API gave out", "continuationToken is not one this API gave out.");
        }
    }
}
