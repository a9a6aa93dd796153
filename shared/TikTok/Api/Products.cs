namespace Connector.TikTok.Api;

/// <summary>Product search filters (body of POST /product/202309/products/search).</summary>
public sealed record TikTokProductSearch
{
    public string? Status { get; init; }
    public IReadOnlyList<string>? SellerSkus { get; init; }
    public long? CreateTimeGe { get; init; }
    public long? CreateTimeLt { get; init; }
    public long? UpdateTimeGe { get; init; }
    public long? UpdateTimeLt { get; init; }
}

public sealed record TikTokProductPage
{
    public IReadOnlyList<TikTokProduct> Products { get; init; } = [];
    public string? NextPageToken { get; init; }
    public int TotalCount { get; init; }
}

public sealed record TikTokProduct
{
    public string Id { get; init; } = "";
    public string? Title { get; init; }
    public string? Status { get; init; }
    public long CreateTime { get; init; }
    public long UpdateTime { get; init; }
    public IReadOnlyList<TikTokSku> Skus { get; init; } = [];
}

public sealed record TikTokSku
{
    public string Id { get; init; } = "";
    public string? SellerSku { get; init; }
    public TikTokPrice? Price { get; init; }
    public IReadOnlyList<TikTokWarehouseInventory> Inventory { get; init; } = [];
}

public sealed record TikTokPrice
{
    public string? Currency { get; init; }
    public decimal? SalePrice { get; init; }
    public decimal? TaxExclusivePrice { get; init; }
}

/// <summary>Stock of one SKU in one warehouse; on update the quantity is absolute.</summary>
public sealed record TikTokWarehouseInventory(string WarehouseId, int Quantity);

/// <summary>One SKU's new stock levels in an inventory update.</summary>
public sealed record TikTokSkuInventory(string Id, IReadOnlyList<TikTokWarehouseInventory> Inventory);

internal sealed record TikTokInventoryUpdateBody(IReadOnlyList<TikTokSkuInventory> Skus);
