namespace Connector.TikTok.Api;

/// <summary>A shop the seller authorized; <see cref="Cipher"/> is the shop_cipher of every later call for it.</summary>
public sealed record TikTokAuthorizedShop
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string Region { get; set; } = "";
    public string? SellerType { get; set; }
    public string Cipher { get; set; } = "";
    public string? Code { get; set; }

    public TikTokShopRef ToShopRef() => new(Id, Cipher);
}

/// <summary>Which shop a call is for: the id picks the token and the rate limit, the cipher goes on the wire.</summary>
public sealed record TikTokShopRef(string ShopId, string Cipher);

internal sealed record TikTokShopsData
{
    public IReadOnlyList<TikTokAuthorizedShop> Shops { get; set; } = [];
}

/// <summary>Answers without a payload.</summary>
internal sealed record TikTokEmptyData;

public enum TikTokSortField
{
    CreateTime,
    UpdateTime,
}

public enum TikTokSortOrder
{
    Ascending,
    Descending,
}

/// <summary>One page of a search. A null page size means TikTok:PageSize; a null token means the first page.</summary>
public sealed record TikTokPageRequest(
    string? PageToken = null,
    int? PageSize = null,
    TikTokSortField? SortField = null,
    TikTokSortOrder? SortOrder = null);

/// <summary>Unix seconds (TikTok's time format) to and from <see cref="DateTimeOffset"/>.</summary>
public static class TikTokTime
{
    public static DateTimeOffset FromUnix(long seconds) => DateTimeOffset.FromUnixTimeSeconds(seconds);

    public static long ToUnix(DateTimeOffset time) => time.ToUnixTimeSeconds();
}

/// <summary>What every page of a TikTok search answers besides its items: the next page's token (empty on the last) and the total.</summary>
public abstract record TikTokPage
{
    public string? NextPageToken { get; set; }
    public int TotalCount { get; set; }
}
