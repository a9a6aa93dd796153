namespace Connector.AfterSales;

/// <summary>One of TikTok's seller cancel reasons: the name sent to TikTok and its text.</summary>
public sealed record CancelReason(string Name, string Text);

/// <summary>
/// TikTok's seller cancel reasons for paid orders (ON_HOLD, AWAITING_SHIPMENT; TikTok also accepts them for AWAITING_COLLECTION),
/// per market, as TikTok publishes them (api-reference/return-and-refund/cancel-reasons.json; TikTok has no API that lists
/// them; a unit test keeps this table equal to the reference). Partial cancellation of some lines is allowed in the US and the
/// UK only, for items out of stock (return-refund-and-cancel-api-overview.json).
/// </summary>
public static class SellerCancelReasons
{
    /// <summary>Order statuses in which TikTok lets a seller cancel.</summary>
    public static readonly IReadOnlySet<string> CancellableStatuses = new HashSet<string>(StringComparer.Ordinal) { "ON_HOLD", "AWAITING_SHIPMENT", "AWAITING_COLLECTION" };

    private static readonly CancelReason OutOfStock = new("seller_cancel_reason_out_of_stock", "Out of stock");
    private static readonly CancelReason WrongPrice = new("seller_cancel_reason_wrong_price", "Pricing error");
    private static readonly CancelReason AddressNotDeliver = new("seller_cancel_paid_reason_address_not_deliver", "Unable to deliver to buyer address");
    private static readonly CancelReason BuyerRequested = new("seller_cancel_paid_reason_buyer_requested_cancellation", "Buyer requested cancellation");

    /// <summary>Market name in TikTok's table -> the reasons for paid orders.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<CancelReason>> ByMarket = new Dictionary<string, IReadOnlyList<CancelReason>>(StringComparer.Ordinal)
    {
        ["US"] = [OutOfStock, WrongPrice, AddressNotDeliver, BuyerRequested],
        ["UK"] =
        [
            new("seller_cancel_reason_wrong_price_uk", "Pricing error"),
            new("seller_cancel_paid_reason_address_not_deliver_uk", "Unable to deliver to buyer address"),
            new("seller_cancel_reason_out_of_stock_uk", "Out of stock"),
        ],
        ["ID"] = [OutOfStock, WrongPrice, AddressNotDeliver],
        ["MY"] = [OutOfStock, WrongPrice, AddressNotDeliver],
        ["PH"] = [OutOfStock, WrongPrice, AddressNotDeliver, BuyerRequested],
        ["SG"] = [OutOfStock, WrongPrice, new("seller_cancel_unable_to_deliver_to_buyer_address", "Unable to deliver to buyer address")],
        ["TH"] = [OutOfStock, WrongPrice, AddressNotDeliver],
        ["VN"] = [OutOfStock, WrongPrice, AddressNotDeliver],
        ["MX"] = [OutOfStock, BuyerRequested with { Text = "Customer requested cancellation" }, AddressNotDeliver],
        ["BR"] = [OutOfStock, BuyerRequested with { Text = "Customer requested cancellation" }, AddressNotDeliver],
        ["EU"] = [OutOfStock, WrongPrice, AddressNotDeliver with { Text = "Unable to deliver to customer address" }, BuyerRequested with { Text = "Customer requested cancellation" }],
        ["JP"] =
        [
            WrongPrice, OutOfStock, BuyerRequested with { Text = "Customer requested cancellation" }, AddressNotDeliver with { Text = "Unable to deliver to customer address" },
            new("seller_cancel_order_reason_potential_fraud", "Order with high chance of cancellation / refund"),
        ],
    };

    private static readonly HashSet<string> EuRegions = new(StringComparer.OrdinalIgnoreCase) { "DE", "FR", "IT", "ES", "IE", "NL", "BE", "AT", "PT", "PL" };

    /// <summary>TikTok's market of a shop region code (GB is TikTok's UK table; EU countries share one).</summary>
    public static string Market(string? region) => region?.ToUpperInvariant() switch
    {
        "GB" or "UK" => "UK",
        { } r when EuRegions.Contains(r) => "EU",
        { } r when ByMarket.ContainsKey(r) => r,
        _ => "US",
    };

    /// <summary>The reasons a seller may give to cancel an order of this region in this TikTok status (none when TikTok does not allow it).</summary>
    public static IReadOnlyList<CancelReason> For(string? region, string tiktokStatus) =>
        CancellableStatuses.Contains(tiktokStatus) ? ByMarket[Market(region)] : [];

    /// <summary>Whether TikTok lets this shop cancel single lines (US and UK, items out of stock).</summary>
    public static bool AllowsPartial(string? region, string reason) =>
        Market(region) is "US" or "UK" && reason.Contains("out_of_stock", StringComparison.Ordinal);
}
