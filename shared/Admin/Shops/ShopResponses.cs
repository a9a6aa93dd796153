using Connector.Audit;
using Connector.Inventory;
using Connector.Orders;
using Connector.Listings;
using Connector.Runs;
using Connector.Shops;
using Connector.Support;

namespace Connector.Admin.Shops;

/// <summary>A shop as every list and write answers it.</summary>
public sealed record ShopSummary(
    string ShopId, string MerchantId, string Name, string TikTokName, string Region, string Status, ShopTokens Tokens, bool OrderImportEnabled,
    bool InventoryExportEnabled, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ShopSummary Of(ShopRecord shop)
    {
        ArgumentNullException.ThrowIfNull(shop);
        return new ShopSummary(shop.ShopId, shop.MerchantId, shop.Name, shop.TikTokName, shop.Region, shop.Status.ToString(), ShopTokens.Of(shop),
            shop.Settings.Orders.ImportEnabled, shop.Settings.Inventory?.Enabled ?? false, shop.CreatedAt, shop.UpdatedAt);
    }
}

/// <summary>When the shop's tokens expire (never the tokens).</summary>
public sealed record ShopTokens(DateTimeOffset? AccessTokenExpiresAt, DateTimeOffset? RefreshTokenExpiresAt)
{
    public static ShopTokens Of(ShopRecord shop) => new(shop.AccessTokenExpiresAt, shop.RefreshTokenExpiresAt);
}

public sealed record ShopPage(IReadOnlyList<ShopSummary> Shops, string? ContinuationToken);

/// <summary>GET /api/admin/shops/{shopId}: the shop with its settings, order pull, last runs, counts and open cases.</summary>
public sealed record ShopDetailView(
    string ShopId, string MerchantId, string Name, string TikTokName, bool RenamedBySupport, string Region, string Status, string? StatusBeforeReauthorization,
    string? SellerType, string AppKey, string AuthorizationId, ShopTokens Tokens, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, ShopSettingsView Settings,
    ShopOrderPullView OrderPull, IReadOnlyDictionary<string, RunRecord> LastRuns, ShopCounts Counts, IReadOnlyList<SupportCase> OpenCases, ShopListingDetail Listings);

public sealed record ShopOrderPullView(DateTimeOffset? Watermark, bool Running, DateTimeOffset? NextScheduledAt);

public sealed record ShopCounts(IReadOnlyDictionary<string, int> Orders, int OrdersTotal, int OpenCases, bool MoreOpenCases);

/// <summary>200 to activate: the shop, and the initial import queued (null when order import is off).</summary>
public sealed record ShopActivated(ShopSummary Shop, InitialImportView? InitialImport);

public sealed record InitialImportView(DateTimeOffset? Since, bool IncludeOpenOrders);

public sealed record ShopSettingsSaved(string ShopId, ShopSettingsView Settings);

/// <summary>202 to a sync: the message is queued.</summary>
public sealed record ShopSyncQueued(string ShopId, string Sync, bool Queued);

public sealed record AuditPage(IReadOnlyList<AuditEntry> Entries, string? ContinuationToken);

/// <summary>200 to a deletion: what was removed, by kind, and how many other shops still use the authorization.</summary>
public sealed record ShopDeleted(string ShopId, IReadOnlyDictionary<string, int> Removed, int AuthorizationKeptForOtherShops);
