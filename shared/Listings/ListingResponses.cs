using System.Text.Json.Serialization;
using Connector.TikTok.Api;

namespace Connector.Listings;

/// <summary>A listing as the API shows it: where a catalog product stands on one shop, and why.</summary>
public sealed record ListingView(
    string ShopId, string ProductId, string Status, string? Reason, IReadOnlyList<ListingProblem> Problems, IReadOnlyList<string> Warnings,
    DateTimeOffset? WaitsUntil, string? ProfileName, string? CategoryId,
    [property: JsonPropertyName("tiktokProductId")] string? TikTokProductId,
    [property: JsonPropertyName("tiktokStatus")] string? TikTokStatus,
    string? AuditStatus, IReadOnlyList<TikTokAuditFailure> AuditFailures, IReadOnlyDictionary<string, string> SkuIds, ListingError? LastError,
    DateTimeOffset? ListedAt, DateTimeOffset? UpdatedAt, IReadOnlyList<ListingEvent> History)
{
    public static ListingView From(ListingRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ListingView(
            r.ShopId, r.ProductId, r.Status.ToString(), r.Reason, r.Problems, r.Warnings, r.WaitsUntil, r.ProfileName, r.CategoryId, r.TikTokProductId, r.TikTokStatus,
            r.AuditStatus, r.AuditFailures, r.SkuIds, r.LastError, r.ListedAt, r.UpdatedAt, r.History);
    }
}

/// <summary>A page of a shop's listings (<c>status</c> is the filter, null for all).</summary>
public sealed record ListingPage(string ShopId, string? Status, IReadOnlyList<ListingView> Listings, string? ContinuationToken);

/// <summary>TikTok's categories matching the filter (at most 500), each with its path from the root.</summary>
public sealed record TikTokCategoryList(string ShopId, string CategoryVersion, IReadOnlyList<TikTokCategoryView> Categories);

public sealed record TikTokCategoryView(string Id, string? ParentId, string? Name, string Path, bool IsLeaf, IReadOnlyList<string> PermissionStatuses);

/// <summary>A category's rules and its product and sales attributes (the ids profiles use).</summary>
public sealed record TikTokCategoryDetail(
    string ShopId, string CategoryId, TikTokCategoryRules Rules, IReadOnlyList<TikTokAttributeView> ProductAttributes, IReadOnlyList<TikTokAttributeView> SalesAttributes);

public sealed record TikTokAttributeView(
    string Id, string Name, bool IsRequired, bool IsCustomizable, bool IsMultipleSelection, string? ValueDataFormat, IReadOnlyList<TikTokAttributeValueView> Values,
    IReadOnlyList<TikTokRequirementCondition> RequirementConditions)
{
    public static TikTokAttributeView Of(TikTokAttribute a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new TikTokAttributeView(
            a.Id, a.Name, a.IsRequired, a.IsCustomizable, a.IsMultipleSelection, a.ValueDataFormat, a.Values.Select(v => new TikTokAttributeValueView(v.Id, v.Name)).ToList(),
            a.RequirementConditions);
    }
}

public sealed record TikTokAttributeValueView(string Id, string Name);

/// <summary>TikTok's recommended category for a catalog product.</summary>
public sealed record TikTokCategoryRecommendationView(string ShopId, string ProductId, string? LeafCategoryId, IReadOnlyList<TikTokRecommendedCategory> Categories);

/// <summary>A page of TikTok's brands.</summary>
public sealed record TikTokBrandList(string ShopId, IReadOnlyList<TikTokBrand> Brands, int TotalCount, string? NextPageToken);

/// <summary>202: a listing push of the shop is queued (<c>push</c>: <c>all</c> or <c>pending</c>).</summary>
public sealed record ListingPushQueued(string ShopId, string Push, bool Queued);

/// <summary>TikTok's listing prerequisites of a shop as last checked.</summary>
public sealed record PrerequisitesView(DateTimeOffset CheckedAt, bool Ready, string? Error, IReadOnlyList<string> Blocking, IReadOnlyList<PrerequisiteItemView> Items)
{
    public static PrerequisitesView Of(ShopPrerequisites p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return new PrerequisitesView(
            p.CheckedAt, p.Ready, p.Error, p.Blocking.Select(b => b.CheckItem).ToList(), p.Items.Select(i => new PrerequisiteItemView(i.CheckItem, i.Failed, i.FailReasons, i.Blocks)).ToList());
    }
}

public sealed record PrerequisiteItemView(string CheckItem, bool Failed, IReadOnlyList<string> FailReasons, bool Blocks);

/// <summary>The answer to "check the prerequisites now".</summary>
public sealed record PrerequisitesChecked(string ShopId, PrerequisitesView Prerequisites);

/// <summary>The listing part of the shop detail (GET /api/admin/shops/{shopId}).</summary>
public sealed record ShopListingDetail(bool Enabled, PrerequisitesView? Prerequisites, int CreatedToday, int DailyCreateLimit, IReadOnlyDictionary<string, int> Counts);

/// <summary>A profile stored; <c>shopsPushed</c> are the shops that look at every product again.</summary>
public sealed record ListingProfileSaved(string MerchantId, ListingProfile Profile, IReadOnlyList<string> ShopsPushed);

/// <summary>The merchant's profiles: the specific ones by priority, the default last.</summary>
public sealed record ListingProfileList(string MerchantId, IReadOnlyList<ListingProfile> Profiles);

public sealed record ListingProfileDeleted(string MerchantId, string Deleted, IReadOnlyList<string> ShopsPushed);

/// <summary>A catalog batch stored: how many products came, how many were new or changed, and the shops pushed.</summary>
public sealed record CatalogStored(string MerchantId, int Received, int Changed, int Unchanged, IReadOnlyList<string> ShopsPushed);

/// <summary>A catalog product as stored, and its listing on each shop of the merchant.</summary>
public sealed record CatalogProductView(string MerchantId, CatalogProduct Product, bool Removed, DateTimeOffset UpdatedAt, IReadOnlyList<CatalogProductListing> Listings);

public sealed record CatalogProductListing(string ShopId, string ShopName, ListingView? Listing);

public sealed record CatalogProductRemoved(string MerchantId, string ProductId, bool Removed, IReadOnlyList<string> ShopsPushed);
