namespace Connector.TikTok.Api;

/// <summary>Body of POST /return_refund/202309/cancellations/search.</summary>
public sealed record TikTokCancellationSearch
{
    public IReadOnlyList<string>? OrderIds { get; init; }
    public IReadOnlyList<string>? CancelIds { get; init; }
    public IReadOnlyList<string>? CancelStatus { get; init; }
    public long? CreateTimeGe { get; init; }
    public long? CreateTimeLt { get; init; }
    public long? UpdateTimeGe { get; init; }
    public long? UpdateTimeLt { get; init; }
}

/// <summary>Body of POST /return_refund/202309/returns/search.</summary>
public sealed record TikTokReturnSearch
{
    public IReadOnlyList<string>? OrderIds { get; init; }
    public IReadOnlyList<string>? ReturnIds { get; init; }
    public IReadOnlyList<string>? ReturnStatus { get; init; }
    public long? CreateTimeGe { get; init; }
    public long? CreateTimeLt { get; init; }
    public long? UpdateTimeGe { get; init; }
    public long? UpdateTimeLt { get; init; }
}

public sealed record TikTokCancellationPage
{
    public IReadOnlyList<TikTokCancellation> Cancellations { get; init; } = [];
    public string? NextPageToken { get; init; }
    public int TotalCount { get; init; }
}

public sealed record TikTokReturnPage
{
    public IReadOnlyList<TikTokReturn> ReturnOrders { get; init; } = [];
    public string? NextPageToken { get; init; }
    public int TotalCount { get; init; }
}

public sealed record TikTokCancellation
{
    public string CancelId { get; init; } = "";
    public string OrderId { get; init; } = "";
    public string? CancelStatus { get; init; }
    public string? CancelType { get; init; }
    public string? CancelReason { get; init; }

    /// <summary>Who asked: BUYER, SELLER, SYSTEM.</summary>
    public string? Role { get; init; }
    public long CreateTime { get; init; }
    public long UpdateTime { get; init; }
    public TikTokRefundAmount? RefundAmount { get; init; }
    public IReadOnlyList<TikTokReverseLineItem> CancelLineItems { get; init; } = [];
}

public sealed record TikTokReturn
{
    public string ReturnId { get; init; } = "";
    public string OrderId { get; init; } = "";
    public string? ReturnStatus { get; init; }
    public string? ReturnType { get; init; }
    public string? ReturnReason { get; init; }
    public string? Role { get; init; }
    public long CreateTime { get; init; }
    public long UpdateTime { get; init; }
    public TikTokRefundAmount? RefundAmount { get; init; }
    public IReadOnlyList<TikTokReverseLineItem> ReturnLineItems { get; init; } = [];
}

public sealed record TikTokRefundAmount
{
    public string? Currency { get; init; }
    public decimal? RefundTotal { get; init; }
}

public sealed record TikTokReverseLineItem
{
    public string OrderLineItemId { get; init; } = "";
    public string? SkuId { get; init; }
    public string? ProductId { get; init; }
    public string? SellerSku { get; init; }
}

/// <summary>Body of a reject call.</summary>
public sealed record TikTokRejection(string RejectReason, string? Comment = null);
