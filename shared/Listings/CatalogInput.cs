using System.Globalization;
using System.Text.Json;

namespace Connector.Listings;

/// <summary>
/// Reads and checks the products of a catalog PUT, field by field, so each bad value is named
/// (<c>products[3].variants[1].price</c>) with a sentence a person can act on. Checks what holds for every shop and is
/// TikTok's hard rule: description HTML, at most 9 images, seller SKUs, unique variant options, positive amounts.
/// What depends on the shop and the profile (category attributes, title length of the region, image resolution,
/// price range) is checked at push time, and a product that fails it is held with its reasons.
/// </summary>
public static class CatalogInput
{
    public const int MaxProductsPerRequest = 500;
    public const int MaxIdLength = 100;
    public const int MaxImages = 9;
    public const int MaxVariants = 300;
    public const int MaxOptions = 3;
    public const int MaxSellerSkuLength = 50;
    public const int MaxTitleLength = 300;

    public static readonly string[] WeightUnits = ["KILOGRAM", "GRAM", "POUND", "OUNCE"];
    public static readonly string[] LengthUnits = ["CENTIMETER", "MILLIMETER", "INCH"];

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "id", "title", "description", "images", "brand", "category", "tags", "active", "weight", "dimensions", "attributes", "variants",
    };

    private static readonly HashSet<string> KnownVariant = new(StringComparer.Ordinal) { "sku", "price", "compareAtPrice", "options", "image", "barcode" };

    /// <summary>Every product read, and the errors by path (empty when all are good).</summary>
    public static (IReadOnlyList<CatalogProduct> Products, Dictionary<string, string[]> Errors) Read(JsonElement products)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var read = new List<CatalogProduct>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var skus = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in products.EnumerateArray())
        {
            var path = $"products[{index++}]";
            var product = ReadProduct(element, path, errors);
            if (product is null)
            {
                continue;
            }

            if (!ids.Add(product.Id))
            {
                Add(errors, path + ".id", $"product {product.Id} appears twice in this request");
            }

            for (var v = 0; v < product.Variants.Count; v++)
            {
                var sku = product.Variants[v].Sku;
                if (skus.TryGetValue(sku, out var other) && other != product.Id)
                {
                    Add(errors, $"{path}.variants[{v}].sku", $"seller SKU {sku} is also a variant of product {other} in this request");
                }

                skus.TryAdd(sku, product.Id);
            }

            read.Add(product);
        }

        return (read, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
    }

    private static CatalogProduct? ReadProduct(JsonElement e, string path, Dictionary<string, List<string>> errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            Add(errors, path, "must be an object");
            return null;
        }

        var before = errors.Count;
        foreach (var property in e.EnumerateObject().Where(p => !Known.Contains(p.Name)))
        {
            Add(errors, $"{path}.{property.Name}", "unknown field; known: " + string.Join(", ", Known));
        }

        var id = Text(e, "id", path, errors, required: true, max: MaxIdLength);
        if (id is not null && (id.Trim() != id || id.Any(char.IsControl)))
        {
            Add(errors, path + ".id", "must not have leading or trailing spaces or control characters");
        }

        var title = Text(e, "title", path, errors, required: true, max: MaxTitleLength);
        var description = Text(e, "description", path, errors, required: false, max: int.MaxValue) ?? "";
        foreach (var problem in DescriptionHtml.Check(description))
        {
            Add(errors, path + ".description", "TikTok refuses this description: it " + problem);
        }

        var images = Strings(e, "images", path, errors);
        if (images.Count > MaxImages)
        {
            Add(errors, path + ".images", $"has {images.Count} images; TikTok allows at most {MaxImages}");
        }

        for (var i = 0; i < images.Count; i++)
        {
            CheckUrl(images[i], $"{path}.images[{i}]", errors);
        }

        if (images.Distinct(StringComparer.Ordinal).Count() != images.Count)
        {
            Add(errors, path + ".images", "names the same image twice");
        }

        var brand = Text(e, "brand", path, errors, required: false, max: 100);
        var category = Text(e, "category", path, errors, required: false, max: 300);
        var tags = Strings(e, "tags", path, errors);
        var active = true;
        if (e.TryGetProperty("active", out var activeElement) && activeElement.ValueKind != JsonValueKind.Null)
        {
            if (activeElement.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                active = activeElement.GetBoolean();
            }
            else
            {
                Add(errors, path + ".active", "must be true or false");
            }
        }

        var weight = Weight(e, path, errors);
        var dimensions = Dimensions(e, path, errors);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e.TryGetProperty("attributes", out var attrs) && attrs.ValueKind != JsonValueKind.Null)
        {
            if (attrs.ValueKind != JsonValueKind.Object)
            {
                Add(errors, path + ".attributes", "must be an object of names and text values");
            }
            else
            {
                foreach (var a in attrs.EnumerateObject())
                {
                    if (a.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False) || string.IsNullOrWhiteSpace(a.Name))
                    {
                        Add(errors, $"{path}.attributes.{a.Name}", "must be a text, number or true/false value");
                    }
                    else
                    {
                        attributes[a.Name] = a.Value.ValueKind == JsonValueKind.String ? a.Value.GetString()! : a.Value.GetRawText();
                    }
                }
            }
        }

        var variants = Variants(e, path, errors);
        if (errors.Count > before || id is null || title is null)
        {
            return null;
        }

        return new CatalogProduct
        {
            Id = id, Title = title.Trim(), Description = description, Images = images, Brand = brand, Category = category, Tags = tags, Active = active,
            Weight = weight, Dimensions = dimensions, Attributes = attributes, Variants = variants,
        };
    }

    private static IReadOnlyList<CatalogVariant> Variants(JsonElement e, string path, Dictionary<string, List<string>> errors)
    {
        if (!e.TryGetProperty("variants", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            Add(errors, path + ".variants", "is required: at least one variant with its sku and price");
            return [];
        }

        if (list.GetArrayLength() > MaxVariants)
        {
            Add(errors, path + ".variants", $"has {list.GetArrayLength()} variants; TikTok allows at most {MaxVariants}");
            return [];
        }

        var variants = new List<CatalogVariant>();
        var index = 0;
        foreach (var v in list.EnumerateArray())
        {
            var vp = $"{path}.variants[{index++}]";
            if (v.ValueKind != JsonValueKind.Object)
            {
                Add(errors, vp, "must be an object");
                continue;
            }

            foreach (var property in v.EnumerateObject().Where(p => !KnownVariant.Contains(p.Name)))
            {
                Add(errors, $"{vp}.{property.Name}", "unknown field; known: " + string.Join(", ", KnownVariant));
            }

            var sku = Text(v, "sku", vp, errors, required: true, max: MaxSellerSkuLength);
            if (sku is not null && sku.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                Add(errors, vp + ".sku", "must not contain spaces (TikTok's seller SKU is text without spaces)");
            }

            var price = Amount(v, "price", vp, errors, required: true);
            var compareAt = Amount(v, "compareAtPrice", vp, errors, required: false);
            if (price is { } p && compareAt is { } c && c < p)
            {
                Add(errors, vp + ".compareAtPrice", "must not be below price");
            }

            var options = new List<CatalogOption>();
            if (v.TryGetProperty("options", out var opts) && opts.ValueKind != JsonValueKind.Null)
            {
                if (opts.ValueKind != JsonValueKind.Object)
                {
                    Add(errors, vp + ".options", "must be an object such as {\"Colour\": \"Red\", \"Size\": \"M\"}");
                }
                else
                {
                    foreach (var o in opts.EnumerateObject())
                    {
                        var value = o.Value.ValueKind == JsonValueKind.String ? o.Value.GetString()?.Trim() : null;
                        if (string.IsNullOrWhiteSpace(o.Name) || o.Name.Length > 20)
                        {
                            Add(errors, $"{vp}.options", $"option name '{o.Name}' must be 1 to 20 characters");
                        }
                        else if (string.IsNullOrEmpty(value) || value.Length > 50)
                        {
                            Add(errors, $"{vp}.options.{o.Name}", "must be text of 1 to 50 characters");
                        }
                        else
                        {
                            options.Add(new CatalogOption(o.Name.Trim(), value));
                        }
                    }

                    if (options.Count > MaxOptions)
                    {
                        Add(errors, vp + ".options", $"has {options.Count} options; TikTok allows at most {MaxOptions} per variant");
                    }
                }
            }

            var image = Text(v, "image", vp, errors, required: false, max: 2000);
            if (image is not null)
            {
                CheckUrl(image, vp + ".image", errors);
            }

            var barcode = Text(v, "barcode", vp, errors, required: false, max: 20);
            if (sku is not null && price is not null)
            {
                variants.Add(new CatalogVariant { Sku = sku, Price = price.Value, CompareAtPrice = compareAt, Options = options, Image = image, Barcode = barcode });
            }
        }

        if (variants.Select(v => v.Sku).Distinct(StringComparer.Ordinal).Count() != variants.Count)
        {
            Add(errors, path + ".variants", "names the same sku twice");
        }

        if (variants.Count > 1)
        {
            var names = variants[0].Options.Select(o => o.Name).ToArray();
            if (names.Length == 0 || variants.Any(v => !v.Options.Select(o => o.Name).SequenceEqual(names, StringComparer.OrdinalIgnoreCase)))
            {
                Add(errors, path + ".variants", "every variant needs the same options (e.g. Colour and Size) when a product has more than one");
            }
            else if (variants.Select(v => string.Join("|", v.Options.Select(o => o.Value.ToUpperInvariant()))).Distinct(StringComparer.Ordinal).Count() != variants.Count)
            {
                Add(errors, path + ".variants", "two variants have the same options; each variant needs its own combination");
            }
        }

        return variants;
    }

    private static CatalogWeight? Weight(JsonElement e, string path, Dictionary<string, List<string>> errors)
    {
        if (!e.TryGetProperty("weight", out var w) || w.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (w.ValueKind != JsonValueKind.Object)
        {
            Add(errors, path + ".weight", "must be {\"value\": 0.25, \"unit\": \"KILOGRAM\"}");
            return null;
        }

        var value = Amount(w, "value", path + ".weight", errors, required: true, allowZero: false);
        var unit = Unit(w, path + ".weight", WeightUnits, errors);
        return value is { } v && unit is not null ? new CatalogWeight(v, unit) : null;
    }

    private static CatalogDimensions? Dimensions(JsonElement e, string path, Dictionary<string, List<string>> errors)
    {
        if (!e.TryGetProperty("dimensions", out var d) || d.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (d.ValueKind != JsonValueKind.Object)
        {
            Add(errors, path + ".dimensions", "must be {\"length\": 30, \"width\": 20, \"height\": 2, \"unit\": \"CENTIMETER\"}");
            return null;
        }

        var length = Amount(d, "length", path + ".dimensions", errors, required: true, allowZero: false);
        var width = Amount(d, "width", path + ".dimensions", errors, required: true, allowZero: false);
        var height = Amount(d, "height", path + ".dimensions", errors, required: true, allowZero: false);
        var unit = Unit(d, path + ".dimensions", LengthUnits, errors);
        return length is { } l && width is { } wi && height is { } h && unit is not null ? new CatalogDimensions(l, wi, h, unit) : null;
    }

    private static string? Unit(JsonElement e, string path, string[] units, Dictionary<string, List<string>> errors)
    {
        var unit = e.TryGetProperty("unit", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()!.ToUpperInvariant() : null;
        if (unit is null || !units.Contains(unit))
        {
            Add(errors, path + ".unit", "must be one of " + string.Join(", ", units));
            return null;
        }

        return unit;
    }

    private static string? Text(JsonElement e, string name, string path, Dictionary<string, List<string>> errors, bool required, int max)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(errors, $"{path}.{name}", "is required");
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Add(errors, $"{path}.{name}", "must be text");
            return null;
        }

        var text = value.GetString()!;
        if (required && string.IsNullOrWhiteSpace(text))
        {
            Add(errors, $"{path}.{name}", "must not be empty");
            return null;
        }

        if (text.Length > max)
        {
            Add(errors, $"{path}.{name}", $"is {text.Length} characters; at most {max}");
            return null;
        }

        return string.IsNullOrWhiteSpace(text) && !required ? null : text;
    }

    private static List<string> Strings(JsonElement e, string name, string path, Dictionary<string, List<string>> errors)
    {
        var list = new List<string>();
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return list;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Add(errors, $"{path}.{name}", "must be a list of texts");
            return list;
        }

        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString()))
            {
                Add(errors, $"{path}.{name}[{i}]", "must be non-empty text");
            }
            else
            {
                list.Add(item.GetString()!.Trim());
            }

            i++;
        }

        return list;
    }

    private static decimal? Amount(JsonElement e, string name, string path, Dictionary<string, List<string>> errors, bool required, bool allowZero = false)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                Add(errors, $"{path}.{name}", "is required");
            }

            return null;
        }

        decimal amount;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
        {
            amount = number;
        }
        else if (value.ValueKind == JsonValueKind.String
            && decimal.TryParse(value.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
        {
            amount = parsed;
        }
        else
        {
            Add(errors, $"{path}.{name}", "must be a number such as 12.50");
            return null;
        }

        if (amount < 0 || (!allowZero && amount == 0))
        {
            Add(errors, $"{path}.{name}", "must be more than 0");
            return null;
        }

        if (decimal.Round(amount, 4) != amount)
        {
            Add(errors, $"{path}.{name}", "has more than 4 decimal places");
            return null;
        }

        return amount;
    }

    private static void CheckUrl(string url, string path, Dictionary<string, List<string>> errors)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            Add(errors, path, "must be an absolute http(s) URL the connector can download");
        }
    }

    private static void Add(Dictionary<string, List<string>> errors, string path, string message)
    {
        if (!errors.TryGetValue(path, out var list))
        {
            errors[path] = list = [];
        }

        if (!list.Contains(message))
        {
            list.Add(message);
        }
    }
}
