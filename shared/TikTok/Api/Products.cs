namespace Connector.TikTok.Api;

/// <summary>Product search filters (body of POST /product/202309/products/search).</summary>
public sealed record TikTokProductSearch
{
    public string? Status { get; set; }
    public IReadOnlyList<string>? SellerSkus { get; set; }
    public long? CreateTimeGe { get; set; }
    public long? CreateTimeLt { get; set; }
    public long? UpdateTimeGe { get; set; }
    public long? UpdateTimeLt { get; set; }
}

public sealed record TikTokProductPage
{
    public IReadOnlyList<TikTokProduct> Products { get; set; } = [];
    public string? NextPageToken { get; set; }
    public int TotalCount { get; set; }
}

public sealed record TikTokProduct
{
    public string Id { get; set; } = "";
    public string? Title { get; set; }
    public string? Status { get; set; }
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }
    public IReadOnlyList<TikTokSku> Skus { get; set; } = [];
}

public sealed record TikTokSku
{
    public string Id { get; set; } = "";
    public string? SellerSku { get; set; }
    public TikTokPrice? Price { get; set; }
    public IReadOnlyList<TikTokWarehouseInventory> Inventory { get; set; } = [];
}

public sealed record TikTokPrice
{
    public string? Currency { get; set; }
    public decimal? SalePrice { get; set; }
    public decimal? TaxExclusivePrice { get; set; }
}

/// <summary>Stock of one SKU in one warehouse; on update the quantity is absolute.</summary>
public sealed record TikTokWarehouseInventory(string WarehouseId, int Quantity);

/// <summary>One SKU's new stock levels in an inventory update.</summary>
public sealed record TikTokSkuInventory(string Id, IReadOnlyList<TikTokWarehouseInventory> Inventory);

internal sealed record TikTokInventoryUpdateBody(IReadOnlyList<TikTokSkuInventory> Skus);
