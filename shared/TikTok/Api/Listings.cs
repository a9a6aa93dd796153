using System.Text.Json.Serialization;

namespace Connector.TikTok.Api;

// Wire types of the product listing endpoints (api-reference/products/*.spec.json). Settable properties, snake_case on
// the wire (TikTokListingJsonContext); money as decimal strings; unknown fields ignored.

/// <summary>One node of TikTok's category tree (GET /product/202309/categories).</summary>
public sealed record TikTokCategory
{
    public string Id { get; set; } = "";
    public string? ParentId { get; set; }
    public string? LocalName { get; set; }
    public bool IsLeaf { get; set; }

    /// <summary>AVAILABLE, INVITE_ONLY, NON_MAIN_CATEGORY.</summary>
    public IReadOnlyList<string> PermissionStatuses { get; set; } = [];
}

internal sealed record TikTokCategoriesData
{
    public IReadOnlyList<TikTokCategory> Categories { get; set; } = [];
}

/// <summary>POST /product/202309/categories/recommend body.</summary>
public sealed record TikTokCategoryRecommendRequest
{
    public string ProductTitle { get; set; } = "";
    public string? Description { get; set; }
    public IReadOnlyList<TikTokImageRef>? Images { get; set; }
    public string? CategoryVersion { get; set; }
}

public sealed record TikTokCategoryRecommendation
{
    public string? LeafCategoryId { get; set; }
    public IReadOnlyList<TikTokRecommendedCategory> Categories { get; set; } = [];
}

public sealed record TikTokRecommendedCategory
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public int Level { get; set; }
    public bool IsLeaf { get; set; }
    public IReadOnlyList<string> PermissionStatuses { get; set; } = [];
}

/// <summary>GET /product/202309/categories/{category_id}/rules: what a product of the category needs besides attributes.</summary>
public sealed record TikTokCategoryRules
{
    public IReadOnlyList<TikTokCertificationRule> ProductCertifications { get; set; } = [];
    public TikTokRuleFlags? SizeChart { get; set; }
    public TikTokRuleFlags? Cod { get; set; }
    public TikTokRuleFlags? PackageDimension { get; set; }
    public TikTokRuleFlags? Epr { get; set; }
    public TikTokRuleFlags? ResponsiblePerson { get; set; }
    public TikTokRuleFlags? Manufacturer { get; set; }
}

public sealed record TikTokRuleFlags
{
    public bool IsSupported { get; set; }
    public bool IsRequired { get; set; }
}

public sealed record TikTokCertificationRule
{
    public string Id { get; set; } = "";
    public string? Name { get; set; }
    public bool IsRequired { get; set; }
    public IReadOnlyList<TikTokRequirementCondition> RequirementConditions { get; set; } = [];
}

/// <summary>"Required when attribute X has value Y" (condition_type VALUE_ID_MATCH).</summary>
public sealed record TikTokRequirementCondition
{
    public string? ConditionType { get; set; }
    public string? AttributeId { get; set; }
    public string? AttributeValueId { get; set; }
}

/// <summary>GET /product/202309/categories/{category_id}/attributes: one product or sales attribute of a category.</summary>
public sealed record TikTokAttribute
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";

    /// <summary>SALES_PROPERTY (variants: size, colour) or PRODUCT_PROPERTY.</summary>
    public string? Type { get; set; }

    /// <summary>TikTok's own spelling of the field (<c>is_requried</c>).</summary>
    [JsonPropertyName("is_requried")]
    public bool IsRequired { get; set; }

    public IReadOnlyList<TikTokAttributeValue> Values { get; set; } = [];
    public string? ValueDataFormat { get; set; }
    public bool IsCustomizable { get; set; }
    public bool IsMultipleSelection { get; set; }
    public IReadOnlyList<TikTokRequirementCondition> RequirementConditions { get; set; } = [];

    [JsonIgnore]
    public bool IsSalesAttribute => string.Equals(Type, "SALES_PROPERTY", StringComparison.OrdinalIgnoreCase);
}

public sealed record TikTokAttributeValue
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
}

internal sealed record TikTokAttributesData
{
    public IReadOnlyList<TikTokAttribute> Attributes { get; set; } = [];
}

/// <summary>GET /product/202309/brands.</summary>
public sealed record TikTokBrand
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public string? AuthorizedStatus { get; set; }
    public bool IsT1Brand { get; set; }
    public string? BrandStatus { get; set; }
}

public sealed record TikTokBrandPage : TikTokPage
{
    public IReadOnlyList<TikTokBrand> Brands { get; set; } = [];
}

/// <summary>POST /product/202309/images/upload answer: the URI to use in products, the URL to show it.</summary>
public sealed record TikTokUploadedImage
{
    public string Uri { get; set; } = "";
    public string? Url { get; set; }
    public int Height { get; set; }
    public int Width { get; set; }
    public string? UseCase { get; set; }
}

/// <summary>What an uploaded image is for (use_case).</summary>
public static class TikTokImageUseCases
{
    public const string MainImage = "MAIN_IMAGE";
    public const string AttributeImage = "ATTRIBUTE_IMAGE";
    public const string DescriptionImage = "DESCRIPTION_IMAGE";
}

public sealed record TikTokImageRef
{
    public string Uri { get; set; } = "";
}

/// <summary>POST /product/202309/products body (create).</summary>
public sealed record TikTokProductCreate
{
    /// <summary>LISTING (default) or AS_DRAFT.</summary>
    public string? SaveMode { get; set; }
    public string Description { get; set; } = "";
    public string CategoryId { get; set; } = "";
    public string? BrandId { get; set; }
    public IReadOnlyList<TikTokImageRef> MainImages { get; set; } = [];
    public IReadOnlyList<TikTokSkuWrite> Skus { get; set; } = [];
    public string Title { get; set; } = "";
    public TikTokPackageDimensions? PackageDimensions { get; set; }
    public IReadOnlyList<TikTokProductAttributeWrite>? ProductAttributes { get; set; }
    public TikTokPackageWeight PackageWeight { get; set; } = new();
    public string? ExternalProductId { get; set; }
    public string? CategoryVersion { get; set; }
    public string? IdempotencyKey { get; set; }
}

/// <summary>A SKU of a create or partial edit (<c>id</c> only on an edit of an existing SKU).</summary>
public sealed record TikTokSkuWrite
{
    public string? Id { get; set; }
    public IReadOnlyList<TikTokSalesAttributeWrite>? SalesAttributes { get; set; }
    public IReadOnlyList<TikTokInventoryWrite>? Inventory { get; set; }
    public string? SellerSku { get; set; }
    public TikTokPriceWrite? Price { get; set; }
    public string? ExternalSkuId { get; set; }

    /// <summary>The list price (MSRP, "compare at"); US only.</summary>
    public TikTokListPriceWrite? ListPrice { get; set; }
}

public sealed record TikTokSalesAttributeWrite
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? ValueId { get; set; }
    public string? ValueName { get; set; }
    public TikTokImageRef? SkuImg { get; set; }
}

/// <summary>Stock of a new SKU in a warehouse; the quantity is left to the inventory push.</summary>
public sealed record TikTokInventoryWrite
{
    public string WarehouseId { get; set; } = "";
    public int? Quantity { get; set; }
}

/// <summary>A SKU price: <c>amount</c> (the local display price) and its currency.</summary>
public sealed record TikTokPriceWrite
{
    public decimal? Amount { get; set; }
    public string Currency { get; set; } = "";
}

/// <summary>A list price (MSRP, "compare at"), US only.</summary>
public sealed record TikTokListPriceWrite
{
    public decimal Amount { get; set; }
    public string Currency { get; set; } = "";
}

public sealed record TikTokPackageDimensions
{
    public string Length { get; set; } = "";
    public string Width { get; set; } = "";
    public string Height { get; set; } = "";
    public string Unit { get; set; } = "CENTIMETER";
}

public sealed record TikTokPackageWeight
{
    public string Value { get; set; } = "";
    public string Unit { get; set; } = "KILOGRAM";
}

public sealed record TikTokProductAttributeWrite
{
    public string Id { get; set; } = "";
    public IReadOnlyList<TikTokAttributeValueWrite> Values { get; set; } = [];
}

/// <summary>A built-in value id, or a custom name when the attribute is customizable.</summary>
public sealed record TikTokAttributeValueWrite
{
    public string? Id { get; set; }
    public string? Name { get; set; }
}

/// <summary>Create and partial edit answers: the product id and the SKU ids TikTok gave each seller SKU.</summary>
public sealed record TikTokProductWritten
{
    public string ProductId { get; set; } = "";
    public IReadOnlyList<TikTokWrittenSku> Skus { get; set; } = [];
    public IReadOnlyList<TikTokWarning> Warnings { get; set; } = [];
    public TikTokAuditInfo? Audit { get; set; }
}

public sealed record TikTokWrittenSku
{
    public string Id { get; set; } = "";
    public string? SellerSku { get; set; }
    public string? ExternalSkuId { get; set; }
}

/// <summary>POST /product/202509/products/{product_id}/partial_edit body: only the top-level properties that change.</summary>
public sealed record TikTokProductPartialEdit
{
    public string? Description { get; set; }
    public string? BrandId { get; set; }
    public IReadOnlyList<TikTokImageRef>? MainImages { get; set; }
    public IReadOnlyList<TikTokSkuWrite>? Skus { get; set; }
    public string? Title { get; set; }
    public TikTokPackageWeight? PackageWeight { get; set; }
    public IReadOnlyList<TikTokProductAttributeWrite>? ProductAttributes { get; set; }
    public TikTokPackageDimensions? PackageDimensions { get; set; }

    [JsonIgnore]
    public bool IsEmpty => Description is null && BrandId is null && MainImages is null && Skus is null && Title is null && PackageWeight is null
        && ProductAttributes is null && PackageDimensions is null;
}

/// <summary>One SKU's new price (POST /product/202309/products/{product_id}/prices/update).</summary>
public sealed record TikTokSkuPrice
{
    public string Id { get; set; } = "";
    public TikTokPriceWrite Price { get; set; } = new();
}

internal sealed record TikTokPriceUpdateBody
{
    public IReadOnlyList<TikTokSkuPrice> Skus { get; set; } = [];
}

internal sealed record TikTokProductIdsBody
{
    public IReadOnlyList<string> ProductIds { get; set; } = [];
}

/// <summary>Activate / deactivate / delete answer: the products TikTok refused, each with its code and message.</summary>
public sealed record TikTokBulkProductResult
{
    public IReadOnlyList<TikTokProductError> Errors { get; set; } = [];
}

public sealed record TikTokProductError
{
    public long Code { get; set; }
    public string? Message { get; set; }
    public TikTokProductErrorDetail? Detail { get; set; }
}

public sealed record TikTokProductErrorDetail
{
    public string? ProductId { get; set; }
    public IReadOnlyList<TikTokProductExtraError> ExtraErrors { get; set; } = [];
}

public sealed record TikTokProductExtraError
{
    public long Code { get; set; }
    public string? Message { get; set; }
}

/// <summary>GET /product/202312/prerequisites: what the shop still lacks before it can list.</summary>
public sealed record TikTokPrerequisites
{
    public IReadOnlyList<TikTokPrerequisiteCheck> CheckResults { get; set; } = [];
}

public sealed record TikTokPrerequisiteCheck
{
    /// <summary>SHOP_STATUS, SHOP_TAX, PICKUP_WAREHOUSE, RETURN_WAREHOUSE, DELIVERY_OPTION, SHIPPING_TEMPLATE, PRODUCT_QUANTITY_LIMIT, ...</summary>
    public string CheckItem { get; set; } = "";
    public bool IsFailed { get; set; }
    public IReadOnlyList<string> FailReasons { get; set; } = [];
}

/// <summary>GET /product/202309/products/{product_id} as listings read it: status, audit and TikTok's reasons.</summary>
public sealed record TikTokListedProduct
{
    public string Id { get; set; } = "";

    /// <summary>DRAFT, PENDING, FAILED, ACTIVATE, SELLER_DEACTIVATED, PLATFORM_DEACTIVATED, FREEZE, DELETED.</summary>
    public string? Status { get; set; }
    public string? Title { get; set; }
    public IReadOnlyList<TikTokCategory> CategoryChains { get; set; } = [];
    public IReadOnlyList<TikTokListedSku> Skus { get; set; } = [];
    public IReadOnlyList<TikTokAuditFailure> AuditFailedReasons { get; set; } = [];
    public TikTokAuditInfo? Audit { get; set; }
    public long UpdateTime { get; set; }
    public long CreateTime { get; set; }
}

public sealed record TikTokListedSku
{
    public string Id { get; set; } = "";
    public string? SellerSku { get; set; }
    public TikTokPrice? Price { get; set; }
}

public sealed record TikTokAuditFailure
{
    public string? Position { get; set; }
    public IReadOnlyList<string> Reasons { get; set; } = [];
    public IReadOnlyList<string> Suggestions { get; set; } = [];
    public string? ListingPlatform { get; set; }
}

public sealed record TikTokAuditInfo
{
    /// <summary>NONE, AUDITING, FAILED, PRE_APPROVED, APPROVED.</summary>
    public string? Status { get; set; }
    public IReadOnlyList<string> PreApprovedReasons { get; set; } = [];
}
