using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TikTokSimulator;

public sealed class SimImage
{
    public required string Uri { get; init; }
    public required string Url { get; init; }
    public int Width { get; init; }
    public int Height { get; init; }
    public required string UseCase { get; init; }
}

public sealed record SimAuditFailure(string Position, IReadOnlyList<string> Reasons, IReadOnlyList<string> Suggestions);

public sealed record SimAttributeValueSet(string Id, string Name, IReadOnlyList<SimAttributeValue> Values);

/// <summary>What a product created through the listing API carries beyond <see cref="SimProduct"/>.</summary>
public sealed class SimListingDetail
{
    public required string CategoryId { get; set; }
    public string? BrandId { get; set; }
    public string Description { get; set; } = "";
    public List<string> MainImages { get; set; } = [];
    public (string Value, string Unit)? PackageWeight { get; set; }
    public (string Length, string Width, string Height, string Unit)? PackageDimensions { get; set; }
    public List<SimAttributeValueSet> Attributes { get; set; } = [];
    public Dictionary<string, List<(string Id, string Name, string ValueId, string ValueName)>> SalesAttributes { get; } = new(StringComparer.Ordinal);
    public string AuditStatus { get; set; } = "AUDITING";
    public List<SimAuditFailure> AuditFailures { get; set; } = [];
    public string? ExternalProductId { get; set; }
    public int AuditGeneration { get; set; }
}

/// <summary>A shop's listing state: uploads per day and TikTok's limit, failed prerequisites, how reviews end, created products.</summary>
public sealed class SimListingShop
{
    /// <summary>Products TikTok lets the shop create per day (100 on probation, 1,000 after).</summary>
    public int DailyLimit { get; set; } = 1000;
    public Dictionary<string, int> CreatesByDay { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> FailedPrerequisites { get; } = new(StringComparer.Ordinal);

    /// <summary><c>approve</c>: reviews end by themselves after <see cref="AuditDelay"/> (failed when the title has <see cref="RejectTitlesContaining"/>); <c>manual</c>: the test decides.</summary>
    public string AuditMode { get; set; } = "approve";
    public TimeSpan AuditDelay { get; set; } = TimeSpan.FromMilliseconds(300);
    public string? RejectTitlesContaining { get; set; }
    public Dictionary<string, string> IdempotencyKeys { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, SimListingDetail> Details { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// Listings in the simulator: TikTok's category tree, rules, attributes and brands (<see cref="SimListingCatalog"/>), image
/// uploads (per seller), products created, partially edited, re-priced, activated, deactivated and deleted with TikTok's
/// checks and codes, reviews (audit) that end by themselves or by a test, the daily upload limit, the shop's listing
/// prerequisites, and the product webhooks (types 5 and 37) sent to each app's webhook URL.
/// </summary>
public sealed partial class SimulatorState
{
    private readonly Dictionary<string, SimListingShop> listingShops = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, SimImage>> sellerImages = new(StringComparer.Ordinal);

    public static readonly string[] PrerequisiteItems =
        ["SHOP_STATUS", "SHOP_TAX", "PICKUP_WAREHOUSE", "RETURN_WAREHOUSE", "DELIVERY_OPTION", "SHIPPING_TEMPLATE", "PRODUCT_QUANTITY_LIMIT", "BANk_ACCOUNT", "CONTACT_INFO"];

    private void ResetListings()
    {
        listingShops.Clear();
        sellerImages.Clear();
    }

    /// <summary>A shop's listing behaviour: daily limit, how reviews end (approve / manual), after how long, which titles fail.</summary>
    public SimListingShop SetListingPolicy(string shopId, int? dailyLimit = null, string? auditMode = null, TimeSpan? auditDelay = null, string? rejectTitlesContaining = null)
    {
        lock (gate)
        {
            var listing = Listing(Shop(shopId));
            listing.DailyLimit = dailyLimit ?? listing.DailyLimit;
            listing.AuditMode = auditMode ?? listing.AuditMode;
            listing.AuditDelay = auditDelay ?? listing.AuditDelay;
            listing.RejectTitlesContaining = rejectTitlesContaining ?? listing.RejectTitlesContaining;
            return listing;
        }
    }

    /// <summary>Makes a prerequisite fail with a reason (or pass again with null).</summary>
    public void SetPrerequisite(string shopId, string checkItem, string? failReason)
    {
        lock (gate)
        {
            var listing = Listing(Shop(shopId));
            if (failReason is null)
            {
                listing.FailedPrerequisites.Remove(checkItem);
            }
            else
            {
                listing.FailedPrerequisites[checkItem] = failReason;
            }
        }
    }

    /// <summary>Ends a product's review now: approved (live) or failed with TikTok's reasons; sends webhooks 5 and 37.</summary>
    public void AuditProduct(string shopId, string productId, bool approve, IReadOnlyList<SimAuditFailure>? reasons = null)
    {
        lock (gate)
        {
            var shop = Shop(shopId);
            ResolveAuditLocked(shop, Product(shop, productId), approve, reasons);
        }
    }

    /// <summary>Products created today (the simulator's UTC day) in a shop; a create answered from its idempotency_key is not one.</summary>
    public int CreatesToday(string shopId)
    {
        lock (gate)
        {
            return Listing(Shop(shopId)).CreatesByDay.GetValueOrDefault(Day());
        }
    }

    /// <summary>Images the seller uploaded.</summary>
    public IReadOnlyList<SimImage> Images(string sellerId)
    {
        lock (gate)
        {
            return sellerImages.TryGetValue(sellerId, out var images) ? images.Values.ToList() : [];
        }
    }

    /// <summary>The product as GET /product/202309/products/{product_id} shows it.</summary>
    public JsonElement ProductDetail(string shopId, string productId) =>
        JsonSerializer.SerializeToElement(Locked(() => ProductView(Shop(shopId), productId)), SimJson.Options);

    internal SimListingShop Listing(SimShop shop)
    {
        if (!listingShops.TryGetValue(shop.Id, out var listing))
        {
            listingShops[shop.Id] = listing = new SimListingShop();
        }

        return listing;
    }

    private string Day() => Now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // ---------- Open API operations (called by ListingEndpoints inside the lock) ----------

    internal object Categories(SimShop shop, string? version, string? keyword)
    {
        CheckVersion(shop, version, required: false);
        return new
        {
            categories = SimListingCatalog.Categories
                .Where(c => string.IsNullOrEmpty(keyword) || c.LocalName.Contains(keyword, StringComparison.OrdinalIgnoreCase))
                .Select(c => new { id = c.Id, parent_id = c.ParentId, local_name = c.LocalName, is_leaf = c.IsLeaf, permission_statuses = c.PermissionStatuses })
                .ToList(),
        };
    }

    internal object CategoryRules(SimShop shop, string categoryId, string? version)
    {
        CheckVersion(shop, version, required: false);
        var category = Leaf(categoryId);
        var rules = SimListingCatalog.Rules(category.Id);
        return new
        {
            product_certifications = rules.RequiredCertifications.Select(c => new { id = c.Id, name = c.Name, is_required = true, document_details = "Upload the document", requirement_conditions = Array.Empty<object>(), expiration_date = new { is_required = false } }),
            size_chart = new { is_supported = true, is_required = rules.SizeChartRequired },
            cod = new { is_supported = false },
            package_dimension = new { is_required = rules.PackageDimensionRequired },
            epr = new { is_required = false },
            responsible_person = new { is_required = false },
            manufacturer = new { is_required = false },
        };
    }

    internal object Attributes(SimShop shop, string categoryId, string? version)
    {
        CheckVersion(shop, version, required: false);
        var category = Leaf(categoryId);
        return new
        {
            attributes = SimListingCatalog.Attributes(category.Id).Select(a => new Dictionary<string, object?>
            {
                ["id"] = a.Id,
                ["name"] = a.Name,
                ["type"] = a.Type,
                ["is_requried"] = a.IsRequired,
                ["values"] = a.Values.Select(v => new { id = v.Id, name = v.Name }).ToList(),
                ["value_data_format"] = a.ValueDataFormat,
                ["is_customizable"] = a.IsCustomizable,
                ["is_multiple_selection"] = a.IsMultipleSelection,
            }).ToList(),
        };
    }

    internal object Brands(string? brandName, int pageSize, string? pageToken)
    {
        var matching = SimListingCatalog.Brands.Where(b => string.IsNullOrEmpty(brandName) || b.Name.StartsWith(brandName, StringComparison.OrdinalIgnoreCase)).ToList();
        var offset = 0;
        if (!string.IsNullOrEmpty(pageToken))
        {
            try
            {
                offset = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(pageToken)), CultureInfo.InvariantCulture);
            }
            catch (FormatException)
            {
                throw SimException.BadRequest("page_token is invalid");
            }
        }

        var page = matching.Skip(offset).Take(pageSize).ToList();
        var next = offset + page.Count < matching.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes((offset + page.Count).ToString(CultureInfo.InvariantCulture))) : "";
        return new
        {
            brands = page.Select(b => new { id = b.Id, name = b.Name, authorized_status = b.AuthorizedStatus, is_t1_brand = false, brand_status = "AVAILABLE" }).ToList(),
            total_count = matching.Count,
            next_page_token = next,
        };
    }

    internal object RecommendCategory(SimShop shop, RecommendBody body)
    {
        if (string.IsNullOrWhiteSpace(body.ProductTitle))
        {
            throw new SimException(400, 12052261, "product name is empty");
        }

        CheckVersion(shop, body.CategoryVersion, required: false);
        var leaf = SimListingCatalog.Recommend(body.ProductTitle)
            ?? throw new SimException(400, 12019064, "No matching categories. Provide the full name of your product, edit its product properties, and try again.");
        return new
        {
            leaf_category_id = leaf,
            categories = SimListingCatalog.Chain(leaf).Select((c, i) => new { id = c.Id, name = c.LocalName, level = i + 1, is_leaf = c.IsLeaf, permission_statuses = c.PermissionStatuses })
                .ToList(),
        };
    }

    internal object UploadImage(SimSeller seller, byte[] data, string? useCase)
    {
        if (data.Length == 0)
        {
            throw new SimException(400, 12038002, "Invalid upload file. Please ensure you are passing the correct file data.");
        }

        if (data.Length > 10 * 1024 * 1024)
        {
            throw new SimException(400, 12038005, "The file size exceeds the maximum allowed size.");
        }

        var (format, width, height) = Probe(data);
        if (format is null)
        {
            throw new SimException(400, 12038015, "Failed to process the image. The format or content is not supported. Supported formats: JPG, JPEG, PNG, WEBP, HEIC, BMP");
        }

        if (width is < 100 or > 20000 || height is < 100 or > 20000)
        {
            throw new SimException(400, 12038014, "The image dimensions exceed the allowed limits. Allowed dimensions (width x height in pixels): 100 x 100 to 20000 x 20000");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(data))[..24];
        var uri = $"tos-sim-i-{seller.OpenId[^6..]}/{hash}";
        var image = new SimImage
        {
            Uri = uri, Url = $"https://p16-oec-sim.ibyteimg.test/{uri}~tplv-origin-jpeg.jpeg", Width = width, Height = height, UseCase = useCase ?? "MAIN_IMAGE",
        };
        if (!sellerImages.TryGetValue(seller.OpenId, out var images))
        {
            sellerImages[seller.OpenId] = images = new Dictionary<string, SimImage>(StringComparer.Ordinal);
        }

        images[uri] = image;
        return new { uri = image.Uri, url = image.Url, height = image.Height, width = image.Width, use_case = image.UseCase };
    }

    internal object CreateProduct(SimShop shop, ProductBody body)
    {
        var listing = Listing(shop);
        if (body.IdempotencyKey is { Length: > 0 } key && listing.IdempotencyKeys.TryGetValue(key, out var earlier) && shop.Products.TryGetValue(earlier, out var done))
        {
            return Written(done, [], null);
        }

        var day = Day();
        if (listing.CreatesByDay.GetValueOrDefault(day) >= listing.DailyLimit)
        {
            throw new SimException(400, 12052093, $"Exceeded the product listing limit for the seller. ({listing.DailyLimit} a day)");
        }

        if (listing.FailedPrerequisites.ContainsKey("RETURN_WAREHOUSE") || shop.Warehouses.All(w => w.Type != "RETURN_WAREHOUSE"))
        {
            throw new SimException(400, 12052535,
                "Couldn't publish this product as you haven't set the return warehouse for your shop. Add the return warehouse information on TikTok Shop Seller Center first and try again.");
        }

        CheckVersion(shop, body.CategoryVersion, required: true);
        var category = SimListingCatalog.Category(body.CategoryId) ?? throw new SimException(400, 12052023, "Category does not exist");
        if (!category.IsLeaf)
        {
            throw new SimException(400, 12052230, "The specified category ID is not a leaf category, or it does not belong to the specified category version.");
        }

        if (!category.PermissionStatuses.Contains("AVAILABLE"))
        {
            throw new SimException(400, 12052221, "Only whitelisted sellers are permitted to trade under current category");
        }

        var title = body.Title ?? "";
        var (minTitle, maxTitle) = shop.Region is "GB" or "US" or "DE" or "FR" or "IT" or "ES" or "IE" or "JP" ? (1, 255) : shop.Region is "BR" or "MX" ? (1, 300) : (25, 255);
        if (title.Length < minTitle || title.Length > maxTitle)
        {
            throw new SimException(400, 12052051, $"The product name exceed max limit characters ({minTitle}-{maxTitle})");
        }

        if (string.IsNullOrWhiteSpace(body.Description))
        {
            throw new SimException(400, 12052015, "The product description is required");
        }

        CheckDescription(body.Description);
        var seller = sellers[shop.SellerId];
        var images = CheckMainImages(seller, body.MainImages, required: true);
        var weight = CheckWeight(body.PackageWeight, required: true);
        var rules = SimListingCatalog.Rules(category.Id);
        var dimensions = CheckDimensions(body.PackageDimensions, rules.PackageDimensionRequired);
        if (rules.RequiredCertifications.Count > 0)
        {
            throw new SimException(400, 12052105, $"required qualification miss: {string.Join(", ", rules.RequiredCertifications.Select(c => c.Name))}");
        }

        var attributes = CheckAttributes(category.Id, body.ProductAttributes);
        var warnings = new List<object>();
        var brandId = body.BrandId;
        if (brandId is not null && SimListingCatalog.Brands.All(b => b.Id != brandId))
        {
            warnings.Add(new { message = $"The [brand_id]:{brandId} field is incorrect and has been automatically cleared by the system. Reason: [Brand does not exist]. You can edit it later." });
            brandId = null;
        }

        if (body.Skus is not { Count: > 0 })
        {
            throw new SimException(400, 36009004, "skus is required");
        }

        var draft = body.SaveMode == "AS_DRAFT";
        var product = new SimProduct { Id = "1729" + NextId().ToString("D14", CultureInfo.InvariantCulture), Title = title, CreateTime = UnixNow, UpdateTime = UnixNow };
        var detail = new SimListingDetail
        {
            CategoryId = category.Id, BrandId = brandId, Description = body.Description, MainImages = images, PackageWeight = weight, PackageDimensions = dimensions,
            Attributes = attributes, ExternalProductId = body.ExternalProductId, AuditStatus = draft ? "NONE" : "AUDITING",
        };
        product.Skus = Skus(shop, category.Id, body.Skus, detail, existing: null);
        product.Status = draft ? "DRAFT" : "PENDING";
        shop.Products[product.Id] = product;
        listing.Details[product.Id] = detail;
        listing.CreatesByDay[day] = listing.CreatesByDay.GetValueOrDefault(day) + 1;
        if (body.IdempotencyKey is { Length: > 0 } newKey)
        {
            listing.IdempotencyKeys[newKey] = product.Id;
        }

        if (!draft)
        {
            ScheduleAuditLocked(shop, product, detail);
        }

        return Written(product, warnings, null);
    }

    internal object PartialEdit(SimShop shop, string productId, ProductBody body)
    {
        var product = Product(shop, productId);
        if (product.Status is "DELETED" or "FREEZE")
        {
            throw new SimException(400, 12052032, $"The product is {product.Status} and cannot be edited");
        }

        var listing = Listing(shop);
        if (!listing.Details.TryGetValue(productId, out var detail))
        {
            listing.Details[productId] = detail = new SimListingDetail { CategoryId = SimListingCatalog.Mugs, AuditStatus = "APPROVED" };
        }

        var seller = sellers[shop.SellerId];
        var reaudit = false;
        if (body.Title is { } title)
        {
            if (title.Length is < 1 or > 255)
            {
                throw new SimException(400, 12052051, "The product name exceed max limit characters");
            }

            reaudit |= title != product.Title;
            product.Title = title;
        }

        if (body.Description is { } description)
        {
            CheckDescription(description);
            reaudit |= description != detail.Description;
            detail.Description = description;
        }

        if (body.MainImages is not null)
        {
            detail.MainImages = CheckMainImages(seller, body.MainImages, required: true);
            reaudit = true;
        }

        if (body.PackageWeight is not null)
        {
            detail.PackageWeight = CheckWeight(body.PackageWeight, required: true);
        }

        if (body.PackageDimensions is not null)
        {
            detail.PackageDimensions = CheckDimensions(body.PackageDimensions, required: false);
        }

        if (body.ProductAttributes is not null)
        {
            detail.Attributes = CheckAttributes(detail.CategoryId, body.ProductAttributes);
            reaudit = true;
        }

        if (body.BrandId is { } brand)
        {
            detail.BrandId = SimListingCatalog.Brands.Any(b => b.Id == brand) ? brand : null;
        }

        if (body.Skus is { Count: > 0 })
        {
            product.Skus = Skus(shop, detail.CategoryId, body.Skus, detail, product.Skus);
        }

        product.UpdateTime = Math.Max(UnixNow, product.UpdateTime + 1);
        if (reaudit && product.Status is "ACTIVATE" or "FAILED" or "PLATFORM_DEACTIVATED" or "PENDING")
        {
            if (product.Status != "ACTIVATE")
            {
                product.Status = "PENDING";
            }

            detail.AuditStatus = "AUDITING";
            detail.AuditFailures = [];
            ScheduleAuditLocked(shop, product, detail);
        }

        return Written(product, [], detail.AuditStatus);
    }

    internal void UpdatePrices(SimShop shop, string productId, ProductBody body)
    {
        var product = Product(shop, productId);
        if (product.Status != "ACTIVATE")
        {
            throw new SimException(400, 12019113, $"product status is invalid: prices change on live (ACTIVATE) products only; this one is {product.Status}");
        }

        foreach (var input in body.Skus ?? [])
        {
            var sku = product.Skus.FirstOrDefault(s => s.Id == input.Id) ?? throw new SimException(400, 12019059, $"sku {input.Id} is not a SKU of product {productId}");
            sku.Price = new SimPrice { Currency = shop.Currency, SalePrice = Price(shop, input.Price) };
        }

        product.UpdateTime = Math.Max(UnixNow, product.UpdateTime + 1);
    }

    internal object Bulk(SimShop shop, string action, IdsBody body)
    {
        var ids = body.ProductIds ?? [];
        if (ids.Count is < 1 or > 20)
        {
            throw new SimException(400, 12019120, "The number of provided product IDs exceeds the limit.");
        }

        var errors = new List<object>();
        foreach (var id in ids)
        {
            if (!shop.Products.TryGetValue(id, out var product) || product.Status == "DELETED")
            {
                errors.Add(new { code = 12052032, message = "The product does not exist", detail = new { product_id = id } });
                continue;
            }

            var allowed = action switch
            {
                "activate" => product.Status is "SELLER_DEACTIVATED" or "ACTIVATE",
                "deactivate" => product.Status is "ACTIVATE" or "PENDING" or "SELLER_DEACTIVATED" or "FAILED" or "DRAFT",
                _ => true,
            };
            if (!allowed)
            {
                errors.Add(new { code = 12019113, message = $"product status is invalid: the product is {product.Status}", detail = new { product_id = id } });
                continue;
            }

            product.Status = action switch { "activate" => "ACTIVATE", "deactivate" => "SELLER_DEACTIVATED", _ => "DELETED" };
            product.UpdateTime = Math.Max(UnixNow, product.UpdateTime + 1);
        }

        return new { errors };
    }

    internal object Prerequisites(SimShop shop)
    {
        var listing = Listing(shop);
        string? Reason(string item) => item switch
        {
            "PICKUP_WAREHOUSE" when shop.Warehouses.All(w => w.Type != "SALES_WAREHOUSE") => "Create a pickup warehouse in Seller Center first.",
            "RETURN_WAREHOUSE" when shop.Warehouses.All(w => w.Type != "RETURN_WAREHOUSE") =>
                "Couldn't publish this product as you haven't set the return warehouse for your shop. Add the return warehouse information on TikTok Shop Seller Center first and try again.",
            "PRODUCT_QUANTITY_LIMIT" when listing.CreatesByDay.GetValueOrDefault(Day()) >= listing.DailyLimit => $"The shop reached its limit of {listing.DailyLimit} product uploads today.",
            _ => listing.FailedPrerequisites.GetValueOrDefault(item),
        };
        return new
        {
            check_results = PrerequisiteItems.Select(item => (item, reason: Reason(item)))
                .Select(x => new { check_item = x.item, is_failed = x.reason is not null, fail_reasons = x.reason is null ? Array.Empty<string>() : [x.reason] }).ToList(),
        };
    }

    internal object ProductView(SimShop shop, string productId)
    {
        var product = Product(shop, productId);
        var detail = Listing(shop).Details.GetValueOrDefault(productId);
        var view = new Dictionary<string, object?>
        {
            ["id"] = product.Id,
            ["status"] = product.Status,
            ["title"] = product.Title,
            ["create_time"] = product.CreateTime,
            ["update_time"] = product.UpdateTime,
            ["skus"] = product.Skus.Select(s => new Dictionary<string, object?>
            {
                ["id"] = s.Id,
                ["seller_sku"] = s.SellerSku,
                ["price"] = s.Price,
                ["inventory"] = s.Inventory,
                ["sales_attributes"] = detail?.SalesAttributes.GetValueOrDefault(s.Id)?.Select(a => new { id = a.Id, name = a.Name, value_id = a.ValueId, value_name = a.ValueName }).ToList(),
            }).ToList(),
        };
        if (detail is null)
        {
            return view;
        }

        view["category_chains"] = SimListingCatalog.Chain(detail.CategoryId).Select(c => new { id = c.Id, parent_id = c.ParentId, local_name = c.LocalName, is_leaf = c.IsLeaf }).ToList();
        view["brand"] = detail.BrandId is { } brand ? new { id = brand, name = SimListingCatalog.Brands.First(b => b.Id == brand).Name } : null;
        var images = sellerImages.GetValueOrDefault(shop.SellerId);
        view["main_images"] = detail.MainImages.Select(uri => images?.GetValueOrDefault(uri) is { } i
            ? new { height = i.Height, width = i.Width, thumb_urls = new[] { i.Url }, uri = i.Uri, urls = new[] { i.Url } }
            : new { height = 0, width = 0, thumb_urls = Array.Empty<string>(), uri, urls = Array.Empty<string>() }).ToList();
        view["description"] = detail.Description;
        view["package_weight"] = detail.PackageWeight is { } w ? new { value = w.Value, unit = w.Unit } : null;
        view["package_dimensions"] = detail.PackageDimensions is { } d ? new { length = d.Length, width = d.Width, height = d.Height, unit = d.Unit } : null;
        view["product_attributes"] = detail.Attributes.Select(a => new { id = a.Id, name = a.Name, values = a.Values.Select(v => new { id = v.Id, name = v.Name }) }).ToList();
        view["audit_failed_reasons"] = detail.AuditFailures.Select(f => new { position = f.Position, reasons = f.Reasons, suggestions = f.Suggestions, listing_platform = "TIKTOK_SHOP" }).ToList();
        view["audit"] = new { status = detail.AuditStatus };
        view["external_product_id"] = detail.ExternalProductId;
        return view;
    }

    // ---------- checks and reviews ----------

    private void CheckVersion(SimShop shop, string? version, bool required)
    {
        var expected = shop.Region == "US" ? "v2" : "v1";
        if ((version ?? (required && shop.Region == "US" ? null : "v1")) != expected)
        {
            throw new SimException(400, 12052217,
                "Incorrect category version. For US shops or global sellers with an active US shop, specify 'category version=v2'. For shops in other regions specify 'category_version=v1'.");
        }
    }

    private static SimCategory Leaf(string categoryId)
    {
        var category = SimListingCatalog.Category(categoryId) ?? throw new SimException(400, 12052023, "Category does not exist");
        return category.IsLeaf ? category : throw new SimException(400, 12052024, "Category is not final category");
    }

    private static void CheckDescription(string description)
    {
        if (description.Length > 10_000)
        {
            throw new SimException(400, 12052013, "The product description cannot exceed maximum characters");
        }

        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(description, @"<\s*/?\s*([a-zA-Z][a-zA-Z0-9]*)"))
        {
            if (m.Groups[1].Value.ToLowerInvariant() is not ("p" or "img" or "ul" or "ol" or "li" or "br" or "strong" or "b" or "i" or "em" or "u"))
            {
                throw new SimException(400, 12052345, $"The product description html tag not support: <{m.Groups[1].Value}>");
            }
        }

        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(description, @"<img\b[^>]*\bsrc\s*=\s*[""']([^""']*)[""']", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
        {
            if (!m.Groups[1].Value.StartsWith("https://p16-oec-sim.ibyteimg.test/", StringComparison.Ordinal))
            {
                throw new SimException(400, 12052340, $"product description image uri illegal: {m.Groups[1].Value} (use TikTok Shop image URLs)");
            }
        }
    }

    private List<string> CheckMainImages(SimSeller seller, List<ImageRefIn>? images, bool required)
    {
        if (images is not { Count: > 0 })
        {
            return required ? throw new SimException(400, 12052028, "Main product image is required") : [];
        }

        if (images.Count > 9)
        {
            throw new SimException(400, 12052306, "main product images count exceed limit");
        }

        var known = sellerImages.GetValueOrDefault(seller.OpenId);
        foreach (var image in images)
        {
            var stored = image.Uri is null ? null : known?.GetValueOrDefault(image.Uri) ?? throw new SimException(400, 12052722, $"The image URI does not exist in TikTok Shop: {image.Uri}");
            if (stored is not null && (stored.Width < 300 || stored.Height < 300))
            {
                throw new SimException(400, 12052301, $"Width and length of main image must be at least 300, check uri {stored.Uri}");
            }
        }

        return images.Select(i => i.Uri ?? "").ToList();
    }

    private static (string, string)? CheckWeight(WeightIn? weight, bool required)
    {
        if (weight is null)
        {
            return required ? throw new SimException(400, 12019011, "product package weight is invalid: package_weight is required") : null;
        }

        if (!decimal.TryParse(weight.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0
            || weight.Unit is not ("KILOGRAM" or "GRAM" or "POUND"))
        {
            throw new SimException(400, 12019011, "product package weight is invalid");
        }

        return (weight.Value!, weight.Unit);
    }

    private static (string, string, string, string)? CheckDimensions(DimensionsIn? dimensions, bool required)
    {
        if (dimensions is null)
        {
            return required ? throw new SimException(400, 12019012, "product package size is invalid: package_dimensions is required for this category") : null;
        }

        foreach (var side in new[] { dimensions.Length, dimensions.Width, dimensions.Height })
        {
            if (!int.TryParse(side, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0)
            {
                throw new SimException(400, 12019012, "product package size is invalid: a positive whole number");
            }
        }

        if (dimensions.Unit is not ("CENTIMETER" or "INCH"))
        {
            throw new SimException(400, 12019012, "product package size is invalid: unit");
        }

        return (dimensions.Length!, dimensions.Width!, dimensions.Height!, dimensions.Unit);
    }

    private static List<SimAttributeValueSet> CheckAttributes(string categoryId, List<AttrIn>? input)
    {
        var attributes = SimListingCatalog.Attributes(categoryId).Where(a => a.Type == "PRODUCT_PROPERTY").ToList();
        var result = new List<SimAttributeValueSet>();
        foreach (var a in input ?? [])
        {
            var attribute = attributes.FirstOrDefault(x => x.Id == a.Id) ?? throw new SimException(400, 12052241, $"attribute {a.Id} does not belong to category {categoryId}");
            var values = new List<SimAttributeValue>();
            foreach (var v in a.Values ?? [])
            {
                if (v.Id is { } id)
                {
                    values.Add(attribute.Values.FirstOrDefault(x => x.Id == id) ?? throw new SimException(400, 12052248, $"attribute value id {id} is not a value of {attribute.Name}"));
                }
                else if (!string.IsNullOrWhiteSpace(v.Name))
                {
                    if (!attribute.IsCustomizable && attribute.Values.Count > 0)
                    {
                        throw new SimException(400, 12052247, $"Do not support custom product attribute: {attribute.Name}");
                    }

                    values.Add(new SimAttributeValue("custom" + Math.Abs(v.Name.GetHashCode(StringComparison.Ordinal)), v.Name));
                }
            }

            if (values.Count > 1 && !attribute.IsMultipleSelection)
            {
                throw new SimException(400, 12052246, $"The product attribute not support multi selected, attribute id is :{attribute.Id}.");
            }

            result.Add(new SimAttributeValueSet(attribute.Id, attribute.Name, values));
        }

        foreach (var required in attributes.Where(a => a.IsRequired && result.All(r => r.Id != a.Id || r.Values.Count == 0)))
        {
            throw new SimException(400, 12052104, $"property is required: {required.Name}");
        }

        return result;
    }

    private List<SimSku> Skus(SimShop shop, string categoryId, List<SkuIn> input, SimListingDetail detail, List<SimSku>? existing)
    {
        var salesAttributes = SimListingCatalog.Attributes(categoryId).Where(a => a.Type == "SALES_PROPERTY").ToList();
        if (input.Count > 1 && input.Any(s => s.SalesAttributes is not { Count: > 0 }))
        {
            throw new SimException(400, 12052162, "sales_attributes are required when a product has more than one SKU");
        }

        var skus = new List<SimSku>();
        foreach (var s in input)
        {
            if (s.SellerSku is { Length: > 50 })
            {
                throw new SimException(400, 12052054, "The seller SKU text length cannot exceed max limit characters");
            }

            var inventory = (s.Inventory ?? []).Select(i =>
            {
                var warehouse = shop.Warehouses.FirstOrDefault(w => w.Id == i.WarehouseId && w.Type == "SALES_WAREHOUSE")
                    ?? throw new SimException(400, 12052530, $"The warehouse ' {i.WarehouseId} ' does not belong to this shop/seller.");
                if (i.Quantity is < 0 or > 99_999)
                {
                    throw new SimException(400, 12052055, "The SKU inventory quantity for the warehouse must be within allowed limits.");
                }

                return new SimStock { WarehouseId = warehouse.Id, Quantity = i.Quantity ?? 0 };
            }).ToList();
            if (inventory.Count == 0 && existing is null)
            {
                throw new SimException(400, 12019022, "SKU must contain a valid warehouse.");
            }

            var previous = s.Id is null ? null : existing?.FirstOrDefault(e => e.Id == s.Id);
            var sku = new SimSku
            {
                Id = previous?.Id ?? "1730" + NextId().ToString("D14", CultureInfo.InvariantCulture),
                SellerSku = s.SellerSku ?? previous?.SellerSku ?? "",
                Price = new SimPrice { Currency = shop.Currency, SalePrice = s.Price is null && previous is not null ? previous.Price.SalePrice : Price(shop, s.Price) },
                Inventory = inventory.Count > 0 ? inventory : previous?.Inventory ?? [],
            };
            detail.SalesAttributes[sku.Id] = (s.SalesAttributes ?? []).Select(a =>
            {
                var builtIn = a.Id is null ? null : salesAttributes.FirstOrDefault(x => x.Id == a.Id) ?? throw new SimException(400, 12052241, $"sales attribute {a.Id} does not belong to category {categoryId}");
                var value = a.ValueId is null ? null : builtIn?.Values.FirstOrDefault(v => v.Id == a.ValueId);
                var name = builtIn?.Name ?? a.Name ?? throw new SimException(400, 12052241, "attribute name or attribute id is empty.");
                var valueName = value?.Name ?? a.ValueName ?? throw new SimException(400, 12052248, "The sales attribute value name or attribute value id is empty.");
                return (builtIn?.Id ?? "custom" + Math.Abs(name.GetHashCode(StringComparison.Ordinal)), name, value?.Id ?? "custom" + Math.Abs(valueName.GetHashCode(StringComparison.Ordinal)), valueName);
            }).ToList();
            skus.Add(sku);
        }

        if (skus.Select(s => string.Join("|", detail.SalesAttributes[s.Id].Select(a => a.ValueName.ToUpperInvariant()))).Distinct().Count() != skus.Count)
        {
            throw new SimException(400, 12052251, "Duplicated attribute values found for an attribute. Remove or modify the duplicated value.");
        }

        return skus;
    }

    private static decimal Price(SimShop shop, PriceIn? price)
    {
        if (price is null || !decimal.TryParse(price.Amount ?? price.SalePrice, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            throw new SimException(400, 12052073, "The product price is invalid");
        }

        var (min, max) = shop.Region switch { "US" => (0.01m, 7600m), "GB" => (0.01m, 5600m), _ => (0.01m, 6300m) };
        if (amount < min || amount > max || (price.Currency is { } currency && currency != shop.Currency))
        {
            throw new SimException(400, 12052073, $"The product price is invalid: {amount} {price.Currency} is outside {min}-{max} {shop.Currency}");
        }

        return amount;
    }

    private object Written(SimProduct product, List<object> warnings, string? audit)
    {
        var detail = listingShops.Values.Select(l => l.Details.GetValueOrDefault(product.Id)).FirstOrDefault(d => d is not null);
        var written = new Dictionary<string, object?>
        {
            ["product_id"] = product.Id,
            ["skus"] = product.Skus.Select(s => new
            {
                id = s.Id, seller_sku = s.SellerSku, external_sku_id = s.SellerSku,
                sales_attributes = (detail?.SalesAttributes.GetValueOrDefault(s.Id) ?? []).Select(a => new { id = a.Id, value_id = a.ValueId }).ToList(),
            }).ToList(),
        };
        if (audit is null)
        {
            written["warnings"] = warnings;
        }
        else
        {
            written["audit"] = new { status = audit };
        }

        return written;
    }

    private void ScheduleAuditLocked(SimShop shop, SimProduct product, SimListingDetail detail)
    {
        var listing = Listing(shop);
        var generation = ++detail.AuditGeneration;
        if (listing.AuditMode != "approve")
        {
            return;
        }

        var delay = listing.AuditDelay;
        _ = Task.Run(async () =>
        {
            await Task.Delay(delay);
            lock (gate)
            {
                if (detail.AuditGeneration != generation || detail.AuditStatus != "AUDITING" || !shop.Products.ContainsKey(product.Id))
                {
                    return;
                }

                var reject = listing.RejectTitlesContaining is { Length: > 0 } marker && product.Title.Contains(marker, StringComparison.OrdinalIgnoreCase);
                ResolveAuditLocked(shop, product, !reject,
                    reject ? [new SimAuditFailure("Product title", ["The title contains prohibited or misleading content."], ["Remove the prohibited words from the title and submit it again."])] : null);
            }
        });
    }

    private void ResolveAuditLocked(SimShop shop, SimProduct product, bool approve, IReadOnlyList<SimAuditFailure>? reasons)
    {
        var listing = Listing(shop);
        if (!listing.Details.TryGetValue(product.Id, out var detail))
        {
            listing.Details[product.Id] = detail = new SimListingDetail { CategoryId = SimListingCatalog.Mugs };
        }

        detail.AuditGeneration++;
        var first = product.Status == "PENDING";
        detail.AuditStatus = approve ? "APPROVED" : "FAILED";
        detail.AuditFailures = approve ? [] : (reasons ?? [new SimAuditFailure("Product information", ["The product does not meet TikTok Shop's listing policy."], [])]).ToList();
        if (approve && product.Status is "PENDING" or "FAILED")
        {
            product.Status = "ACTIVATE";
        }
        else if (!approve && product.Status is "PENDING" or "ACTIVATE")
        {
            product.Status = "FAILED";
        }

        product.UpdateTime = Math.Max(UnixNow, product.UpdateTime + 1);
        var statusEvent = approve ? (first ? "PRODUCT_FIRST_PASS_REVIEW" : "PRODUCT_STATUS_CHANGED") : "PRODUCT_AUDIT_FAILURE";
        var suspended = approve ? "" : string.Join(" ", detail.AuditFailures.SelectMany(f => f.Reasons));
        var productNumber = long.TryParse(product.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (object)n : product.Id;
        SendProductWebhooksLocked(shop,
        [
            (5, new { product_id = productNumber, status = statusEvent, suspended_reason = suspended, update_time = product.UpdateTime }),
            (37, new { product_id = productNumber, audit = new { status = detail.AuditStatus, pre_approved_reasons = Array.Empty<string>() }, update_time = product.UpdateTime }),
        ]);
    }

    /// <summary>Product notifications go out like every other: to each app the shop's seller authorized that has a webhook URL.</summary>
    private void SendProductWebhooksLocked(SimShop shop, IReadOnlyList<(int Type, object Data)> notifications)
    {
        foreach (var (type, data) in notifications)
        {
            Notify(shop, type, data);
        }
    }

    private static (string? Format, int Width, int Height) Probe(byte[] b)
    {
        if (b.Length >= 24 && b[0] == 0x89 && b[1] == 0x50 && b[2] == 0x4E && b[3] == 0x47)
        {
            return ("PNG", (b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19], (b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23]);
        }

        if (b.Length > 4 && b[0] == 0xFF && b[1] == 0xD8)
        {
            for (var i = 2; i + 9 < b.Length;)
            {
                if (b[i] != 0xFF)
                {
                    i++;
                    continue;
                }

                var marker = b[i + 1];
                if (marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC))
                {
                    return ("JPEG", (b[i + 7] << 8) | b[i + 8], (b[i + 5] << 8) | b[i + 6]);
                }

                i += marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7) ? 2 : 2 + ((b[i + 2] << 8) | b[i + 3]);
            }

            return ("JPEG", 1000, 1000);
        }

        if (b.Length > 26 && b[0] == 'B' && b[1] == 'M')
        {
            return ("BMP", BitConverter.ToInt32(b, 18), Math.Abs(BitConverter.ToInt32(b, 22)));
        }

        if (b.Length > 12 && Encoding.ASCII.GetString(b, 0, 4) == "RIFF" && Encoding.ASCII.GetString(b, 8, 4) == "WEBP")
        {
            return ("WEBP", 1000, 1000);
        }

        return (null, 0, 0);
    }
}

internal sealed record RecommendBody(string? ProductTitle, string? Description, string? CategoryVersion);

internal sealed record ImageRefIn(string? Uri);

internal sealed record SalesAttrIn(string? Id, string? Name, string? ValueId, string? ValueName, ImageRefIn? SkuImg);

internal sealed record InvIn(string? WarehouseId, int? Quantity);

internal sealed record PriceIn(string? Amount, string? Currency, string? SalePrice);

internal sealed record SkuIn(string? Id, List<SalesAttrIn>? SalesAttributes, List<InvIn>? Inventory, string? SellerSku, PriceIn? Price, string? ExternalSkuId, PriceIn? ListPrice);

internal sealed record DimensionsIn(string? Length, string? Width, string? Height, string? Unit);

internal sealed record WeightIn(string? Value, string? Unit);

internal sealed record AttrValueIn(string? Id, string? Name);

internal sealed record AttrIn(string? Id, List<AttrValueIn>? Values);

/// <summary>The body of create and partial edit (and of the price update: only skus).</summary>
internal sealed record ProductBody(
    string? SaveMode,
    string? Description,
    string? CategoryId,
    string? BrandId,
    List<ImageRefIn>? MainImages,
    List<SkuIn>? Skus,
    string? Title,
    DimensionsIn? PackageDimensions,
    List<AttrIn>? ProductAttributes,
    WeightIn? PackageWeight,
    string? ExternalProductId,
    string? CategoryVersion,
    string? IdempotencyKey);

internal sealed record IdsBody(List<string>? ProductIds);
