using System.Text.Json;
using Connector.Http;

namespace Connector.Finance;

/// <summary>
/// GET /api/merchants/{merchantId}/finance/statements|payouts|transactions?from=&amp;to=&amp;shopId=: a period of whole UTC
/// days (<see cref="FinancePeriod.Read"/>) over the merchant's shops, or just one of them.
/// </summary>
public sealed record FinancePeriodRequest(string MerchantId, FinancePeriod Period, string? ShopId)
{
    public static FinancePeriodRequest Bind(RequestReader r, string merchantId, int maxPeriodDays)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = $"period (from and to, YYYY-MM-DD, at most {maxPeriodDays} days)";
        return new FinancePeriodRequest(r.Id("merchantId", merchantId), FinancePeriod.Read(r, maxPeriodDays), r.QueryId("shopId"));
    }
}

/// <summary>GET /api/merchants/{merchantId}/finance/unsettled?shopId=&amp;pageSize=&amp;continuationToken=.</summary>
public sealed record ListUnsettled(string MerchantId, string? ShopId, int PageSize, UnsettledCursor Position)
{
    public static ListUnsettled Bind(RequestReader r, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "unsettled orders listing";
        merchantId = r.Id("merchantId", merchantId);
        var shopId = r.QueryId("shopId");
        var pageSize = r.PageSize();
        var position = UnsettledCursor.Start;
        if (r.Continuation() is { } token)
        {
            try
            {
                position = JsonSerializer.Deserialize<UnsettledCursor>(token) ?? UnsettledCursor.Start;
            }
            catch (JsonException)
            {
                r.Fail("continuationToken", "not one this API gave out; start again without it");
            }
        }

        return new ListUnsettled(merchantId, shopId, pageSize, position);
    }
}

/// <summary>Where a listing resumes: the index of the merchant's shop (by id) and the table's continuation in it (checksummed by <see cref="AdminRequest.Continuation"/>).</summary>
public sealed record UnsettledCursor(int Shop, string? Table)
{
    public static readonly UnsettledCursor Start = new(0, null);

    public string? Format() => AdminRequest.Continuation(JsonSerializer.Serialize(this));
}

/// <summary>GET /api/merchants/{merchantId}/orders/{orderId}/settlement.</summary>
public sealed record GetOrderSettlement(string MerchantId, string OrderId)
{
    public static GetOrderSettlement Bind(RequestReader r, string merchantId, string orderId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new GetOrderSettlement(r.Id("merchantId", merchantId), r.Id("orderId", orderId));
    }
}
