namespace Connector.TikTok.Api;

/// <summary>
/// Product search filters (body of POST /product/202502/products/search). The time filters are inclusive at both ends
/// (<c>_ge</c> / <c>_le</c>, as TikTok documents them; there is no <c>_lt</c> on this endpoint).
/// </summary>
public sealed record TikTokProductSearch
{
    public string? Status { get; set; }
    public IReadOnlyList<string>? SellerSkus { get; set; }
    public long? CreateTimeGe { get; set; }
    public long? CreateTimeLe { get; set; }
    public long? UpdateTimeGe { get; set; }
    public long? UpdateTimeLe { get; set; }
}

public sealed record TikTokProductPage : TikTokPage
{
    public IReadOnlyList<TikTokProduct> Products { get; set; } = [];
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

/// <summary>
/// The answer of an inventory update: TikTok answers code 0 even when some SKUs were refused, and lists those in
/// <c>data.errors</c> (each with its SKU id); the SKUs not listed were updated.
/// </summary>
public sealed record TikTokInventoryUpdateResult
{
    public IReadOnlyList<TikTokInventoryError> Errors { get; set; } = [];

    /// <summary>The SKU ids TikTok refused.</summary>
    public IReadOnlySet<string> FailedSkuIds => Errors.Select(e => e.Detail?.SkuId).OfType<string>().ToHashSet(StringComparer.Ordinal);
}

public sealed record TikTokInventoryError
{
    public long Code { get; set; }
    public string? Message { get; set; }
    public TikTokInventoryErrorDetail? Detail { get; set; }

    public override string ToString() =>
        $"{Detail?.SkuId ?? "?"}: {Code} {Message}" + (Detail?.ExtraErrors is { Count: > 0 } extra
            ? " (" + string.Join("; ", extra.Select(e => $"{(e.WarehouseId is null ? "" : "warehouse " + e.WarehouseId + " ")}{e.Code} {e.Message}".Trim())) + ")"
            : "");
}

public sealed record TikTokInventoryErrorDetail
{
    public string? SkuId { get; set; }
    public IReadOnlyList<TikTokInventoryExtraError> ExtraErrors { get; set; } = [];
}

public sealed record TikTokInventoryExtraError
{
    public string? WarehouseId { get; set; }
    public long Code { get; set; }
    public string? Message { get; set; }
}
