namespace Connector.TikTok.Api;

/// <summary>Body of POST /return_refund/202309/cancellations/search.</summary>
public sealed record TikTokCancellationSearch
{
    public IReadOnlyList<string>? OrderIds { get; set; }
    public IReadOnlyList<string>? CancelIds { get; set; }
    public IReadOnlyList<string>? CancelStatus { get; set; }
    public long? CreateTimeGe { get; set; }
    public long? CreateTimeLt { get; set; }
    public long? UpdateTimeGe { get; set; }
    public long? UpdateTimeLt { get; set; }
}

/// <summary>Body of POST /return_refund/202309/returns/search.</summary>
public sealed record TikTokReturnSearch
{
    public IReadOnlyList<string>? OrderIds { get; set; }
    public IReadOnlyList<string>? ReturnIds { get; set; }
    public IReadOnlyList<string>? ReturnStatus { get; set; }
    public long? CreateTimeGe { get; set; }
    public long? CreateTimeLt { get; set; }
    public long? UpdateTimeGe { get; set; }
    public long? UpdateTimeLt { get; set; }
}

public sealed record TikTokCancellationPage
{
    public IReadOnlyList<TikTokCancellation> Cancellations { get; set; } = [];
    public string? NextPageToken { get; set; }
    public int TotalCount { get; set; }
}

public sealed record TikTokReturnPage
{
    public IReadOnlyList<TikTokReturn> ReturnOrders { get; set; } = [];
    public string? NextPageToken { get; set; }
    public int TotalCount { get; set; }
}

public sealed record TikTokCancellation
{
    public string CancelId { get; set; } = "";
    public string OrderId { get; set; } = "";
    public string? CancelStatus { get; set; }
    public string? CancelType { get; set; }
    public string? CancelReason { get; set; }

    /// <summary>Who asked: BUYER, SELLER, SYSTEM.</summary>
    public string? Role { get; set; }
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }
    public TikTokRefundAmount? RefundAmount { get; set; }
    public IReadOnlyList<TikTokReverseLineItem> CancelLineItems { get; set; } = [];
}

public sealed record TikTokReturn
{
    public string ReturnId { get; set; } = "";
    public string OrderId { get; set; } = "";
    public string? ReturnStatus { get; set; }
    public string? ReturnType { get; set; }
    public string? ReturnReason { get; set; }
    public string? Role { get; set; }
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }
    public TikTokRefundAmount? RefundAmount { get; set; }
    public IReadOnlyList<TikTokReverseLineItem> ReturnLineItems { get; set; } = [];
}

public sealed record TikTokRefundAmount
{
    public string? Currency { get; set; }
    public decimal? RefundTotal { get; set; }
}

public sealed record TikTokReverseLineItem
{
    public string OrderLineItemId { get; set; } = "";
    public string? SkuId { get; set; }
    public string? ProductId { get; set; }
    public string? SellerSku { get; set; }
}

/// <summary>Body of a reject call.</summary>
public sealed record TikTokRejection(string RejectReason, string? Comment = null);
