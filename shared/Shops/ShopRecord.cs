using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;

namespace Connector.Shops;

/// <summary>Where a shop is in its life. Only Active shops are pulled and pushed.</summary>
public enum ShopStatus
{
    /// <summary>Authorized by the seller; support configures and activates it.</summary>
    PendingActivation,
    Active,
    Paused,

    /// <summary>The token refresh failed for good (revoked, refresh token expired): the seller must authorize again.</summary>
    ReauthorizationRequired,
}

/// <summary>
/// One TikTok shop the connector serves. Holds references and expiry dates only: the tokens are in Key Vault under
/// the authorization's secret. One shop belongs to one merchant.
/// </summary>
public sealed class ShopRecord
{
    public required string ShopId { get; init; }
    public required string MerchantId { get; set; }
    /// <summary>The name the connector shows: TikTok's, until support renames the shop; then support's, kept across re-authorizations.</summary>
    public string Name { get; set; } = "";

    /// <summary>The shop's name on TikTok, as TikTok last listed it (updated on every authorization).</summary>
    public string TikTokName { get; set; } = "";

    /// <summary>Support renamed the shop: <see cref="Name"/> is support's and TikTok's name no longer replaces it.</summary>
    public bool RenamedBySupport { get; set; }
    public string Region { get; set; } = "";

    /// <summary>TikTok's shop_cipher: sent with every call for the shop (not a secret).</summary>
    public string Cipher { get; set; } = "";
    public string? SellerType { get; set; }

    /// <summary>The app that authorized the shop; every call for it uses this app.</summary>
    public required string AppKey { get; set; }

    /// <summary>The seller authorization (and Key Vault secret) the shop's tokens belong to.</summary>
    public required string AuthorizationId { get; set; }
    public ShopStatus Status { get; set; } = ShopStatus.PendingActivation;

    /// <summary>Where a re-authorization returns the shop after ReauthorizationRequired.</summary>
    public ShopStatus? StatusBeforeReauthorization { get; set; }

    /// <summary>
    /// Set with the move to Active and cleared once the initial import and products sync are queued: an activation
    /// whose messages were not all sent is finished by the next activate call instead of being refused as "Active already".
    /// </summary>
    public DateTimeOffset? ActivationPendingSince { get; set; }
    public DateTimeOffset? AccessTokenExpiresAt { get; set; }
    public DateTimeOffset? RefreshTokenExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Per-shop settings that later capabilities add to (order import start, inventory export, ...).</summary>
    public ShopSettings Settings { get; set; } = new();

    /// <summary>The row version this record was read at; writes fail when someone else wrote in between.</summary>
    [JsonIgnore]
    public ETag ETag { get; set; }
}

/// <summary>
/// The settings area of a shop, stored as JSON in one column. Capabilities add typed properties here; properties
/// this build does not know are kept as they are (so an older instance never drops a newer setting).
/// </summary>
public sealed class ShopSettings
{
    /// <summary>Inventory export (off when absent).</summary>
    public Connector.Inventory.InventorySettings? Inventory { get; set; }

    /// <summary>How the shop's orders are imported (shared/Orders).</summary>
    public Connector.Orders.ShopOrderSettings Orders { get; set; } = new();

    /// <summary>How shipments are pushed to TikTok (shared/Fulfilment).</summary>
    public Connector.Fulfilment.FulfilmentSettings? Fulfilment { get; set; }

    /// <summary>Cancellations and returns (shared/AfterSales): auto-approval of buyer cancellations (on when absent).</summary>
    public Connector.AfterSales.AfterSalesSettings? AfterSales { get; set; }
    /// <summary>Listing the merchant's catalog on TikTok (shared/Listings; off when absent).</summary>
    public Connector.Listings.ListingSettings? Listings { get; set; }

    /// <summary>TikTok Shipping labels: default service, label size, packing slip, handover (shared/Labels).</summary>
    public Connector.Labels.LabelSettings? Labels { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; set; }
}
