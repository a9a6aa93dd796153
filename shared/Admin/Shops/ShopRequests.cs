using System.Text.Json;
using Connector.Http;
using Connector.Shops;

namespace Connector.Admin.Shops;

/// <summary>GET /api/admin/shops?merchantId=&amp;status=&amp;region=&amp;pageSize=&amp;continuationToken=.</summary>
public sealed record ListShops(string? MerchantId, ShopStatus? Status, string? Region, int PageSize, string? ContinuationToken)
{
    public static ListShops Bind(RequestReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "shop list's filters";
        var region = r.Query("region")?.ToUpperInvariant();
        if (region is not null && (region.Length != 2 || !region.All(char.IsAsciiLetter)))
        {
            r.Fail("region", "a two-letter country code such as GB or US");
        }

        return new ListShops(r.QueryId("merchantId"), r.QueryEnum<ShopStatus>("status"), region, r.PageSize(), r.Continuation());
    }
}

/// <summary>An operation on one shop named in the path (read, activate, pause, resume); <see cref="Caller"/> for the audit log.</summary>
public sealed record ShopOperation(string ShopId, string Caller)
{
    public static ShopOperation Bind(RequestReader r, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ShopOperation(r.Id("shopId", shopId), r.Caller);
    }
}

/// <summary>POST /api/admin/shops/{shopId}/rename {"name": "..."}.</summary>
public sealed record RenameShop(string ShopId, string Name, string Caller)
{
    public const int MaxLength = 100;

    private sealed record Body(string? Name);

    public static RenameShop Bind(RequestReader r, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "new name";
        shopId = r.Id("shopId", shopId);
        var name = r.Body<Body>("{\"name\": \"...\"}")?.Name?.Trim();
        if (!r.HasErrors && (name is not { Length: > 0 and <= MaxLength } || name.Any(char.IsControl)))
        {
            r.Fail("name", string.IsNullOrEmpty(name) ? $"required: 1 to {MaxLength} characters" : $"must be 1 to {MaxLength} characters without control characters");
        }

        return new RenameShop(shopId, name ?? "", r.Caller);
    }
}

/// <summary>PATCH /api/admin/shops/{shopId}/settings: a merge patch of the shop's settings (checked as a whole by the operation).</summary>
public sealed record UpdateShopSettings(string ShopId, JsonElement Patch, string Caller)
{
    public static UpdateShopSettings Bind(RequestReader r, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "settings patch";
        shopId = r.Id("shopId", shopId);
        var patch = r.Object("{\"orders\": {\"importEnabled\": false}}");
        return new UpdateShopSettings(shopId, patch ?? default, r.Caller);
    }
}

/// <summary>POST /api/admin/shops/{shopId}/sync/{what}?since=: orders (a pull, or a re-import since a date), inventory or products.</summary>
public sealed record SyncShop(string ShopId, string Target, DateTimeOffset? Since, string Caller)
{
    public const string Orders = "orders";
    public const string Inventory = "inventory";
    public const string Products = "products";
    public static readonly string[] Targets = [Orders, Inventory, Products];

    /// <summary>How far back a re-import may reach.</summary>
    public static readonly TimeSpan MaxReimport = TimeSpan.FromDays(365);

    public static SyncShop Bind(RequestReader r, string shopId, string what)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "sync";
        shopId = r.Id("shopId", shopId);
        var target = (what ?? "").ToLowerInvariant();
        if (!Targets.Contains(target))
        {
            r.Fail("what", $"unknown sync '{what}': use one of {string.Join(", ", Targets)}");
        }

        var since = r.QueryTime("since", "within the last year, e.g. 2026-01-01T00:00:00Z");
        if (since is not null && target is not Orders)
        {
            r.Fail("since", "applies to orders only");
        }
        else if (since is { } s && (s > r.Now || s < r.Now - MaxReimport))
        {
            r.Fail("since", "must be an ISO 8601 date and time within the last year, not in the future");
        }

        return new SyncShop(shopId, target, since, r.Caller);
    }
}

/// <summary>GET /api/admin/shops/{shopId}/audit and GET /api/admin/audit (no shop: writes not about one shop, and deletions).</summary>
public sealed record ReadAudit(string? ShopId, int PageSize, string? ContinuationToken)
{
    public static ReadAudit Bind(RequestReader r, string? shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "audit log's filters";
        return new ReadAudit(shopId is null ? null : r.Id("shopId", shopId), r.PageSize(), r.Continuation());
    }
}

/// <summary>DELETE /api/admin/shops/{shopId}?confirm={shopId}: the shop id repeated, because everything of the shop goes.</summary>
public sealed record DeleteShop(string ShopId, string Caller)
{
    public static DeleteShop Bind(RequestReader r, string shopId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = $"deletion (deleting a shop removes all its data; repeat the shop id to confirm: DELETE /api/admin/shops/{shopId}?confirm={shopId})";
        shopId = r.Id("shopId", shopId);
        if (r.Query("confirm") != shopId)
        {
            r.Fail("confirm", "required: the shop id");
        }

        return new DeleteShop(shopId, r.Caller);
    }
}
