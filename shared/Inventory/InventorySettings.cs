using System.Text.Json.Serialization;

namespace Connector.Inventory;

/// <summary>How a shop's quantities are computed from the back office's stock levels.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InventoryMode>))]
public enum InventoryMode
{
    /// <summary>The total over all the merchant's locations goes to one TikTok warehouse (the shop's default sales warehouse).</summary>
    Total,

    /// <summary>Each mapped location goes to its TikTok warehouse; locations mapped to the same warehouse add up; unmapped locations are ignored.</summary>
    Locations,
}

/// <summary>
/// A shop's inventory export settings (<c>ShopRecord.Settings.Inventory</c>). Off until support switches it on,
/// independently of order import.
/// </summary>
public sealed record InventorySettings
{
    /// <summary>Push stock to this shop (hourly, on a stock-out, on a full resync).</summary>
    public bool Enabled { get; init; }

    public InventoryMode Mode { get; init; } = InventoryMode.Total;

    /// <summary>Total mode: the TikTok warehouse to push to; empty = the shop's default sales warehouse (from the products sync).</summary>
    public string? DefaultWarehouseId { get; init; }

    /// <summary>Locations mode: back-office location -> TikTok warehouse id.</summary>
    public IReadOnlyDictionary<string, string> LocationWarehouses { get; init; } = new Dictionary<string, string>();

    /// <summary>At or below this quantity the connector pushes 0 (0 = push what there is).</summary>
    public int Threshold { get; init; }

    /// <summary>Hold back this share of the stock (0..100): 10 lists 90% of it, rounded down.</summary>
    public decimal BufferPercent { get; init; }

    /// <summary>Never list more than this (null = no cap; TikTok's own limit of 99,999 always applies).</summary>
    public int? MaxQuantity { get; init; }

    /// <summary>Only these seller SKUs are pushed (empty = every mapped SKU).</summary>
    public IReadOnlyList<string> SkuAllowList { get; init; } = [];

    /// <summary>SKUs the back office never reported: push 0 (true) or leave TikTok's quantity alone (false).</summary>
    public bool ZeroUnreportedSkus { get; init; }

    /// <summary>Problems with the settings, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Threshold < 0)
        {
            problems.Add("threshold must be 0 or more");
        }

        if (BufferPercent is < 0 or > 100)
        {
            problems.Add("bufferPercent must be between 0 and 100");
        }

        if (MaxQuantity is < 0)
        {
            problems.Add("maxQuantity must be 0 or more");
        }

        if (Mode == InventoryMode.Locations && LocationWarehouses.Count == 0)
        {
            problems.Add("locations mode needs at least one locationWarehouses entry");
        }

        return problems;
    }
}

/// <summary>The quantity rules: threshold, buffer, cap. Pure, so unit tests pin them.</summary>
public static class InventoryRules
{
    /// <summary>
    /// The largest quantity TikTok accepts per SKU and warehouse (reference: update-inventory
    /// <c>skus.inventory.quantity</c>, "Valid range: [1, 99,999]"; 0 is still sent for a stock-out).
    /// </summary>
    public const int TikTokMaxQuantity = 99_999;

    /// <summary>
    /// What to list for <paramref name="available"/> units: 0 at or below the threshold, else the stock less the
    /// buffer (rounded down), capped by the maximum and TikTok's limit.
    /// </summary>
    public static int Listed(long available, InventorySettings settings) => Compute(available, settings).Listed;

    /// <summary>
    /// <see cref="Listed"/>, and whether TikTok's limit (not the shop's own maximum) cut it down: such quantities are
    /// clamped and noted in the run record, never sent as they are.
    /// </summary>
    public static (int Listed, bool ClampedToTikTokMax, long Wanted) Compute(long available, InventorySettings settings)
    {
        if (available <= settings.Threshold || available <= 0)
        {
            return (0, false, 0);
        }

        var afterBuffer = (long)Math.Floor(available * (100m - settings.BufferPercent) / 100m);
        var wanted = settings.MaxQuantity is { } max ? Math.Min(afterBuffer, max) : afterBuffer;
        return wanted > TikTokMaxQuantity
            ? (TikTokMaxQuantity, true, wanted)
            : ((int)Math.Max(0, wanted), false, wanted);
    }
}
