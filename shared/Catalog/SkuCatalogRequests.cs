using System.Text.Json;
using Connector.Http;

namespace Connector.Catalog;

/// <summary>
/// PUT /api/merchants/{merchantId}/skus <c>{"skus":[{"sku":"A-1","name":"..."}]}</c>: 1 to
/// <see cref="SkuCatalog.MaxPerRequest"/> rows, every bad row named (<c>skus[2].sku</c>); any bad row refuses the request.
/// </summary>
public sealed record PutSkus(string MerchantId, IReadOnlyList<CatalogSku> Skus)
{
    public const int MaxSkuLength = 200;
    public const int MaxNameLength = 500;
    public const string Shape = "{\"skus\": [{\"sku\": \"...\", \"name\": \"...\"}]}";

    public static PutSkus Bind(RequestReader r, string merchantId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "SKU list";
        merchantId = r.Id("merchantId", merchantId);
        if (r.Object(Shape) is not { } body)
        {
            return new PutSkus(merchantId, []);
        }

        if (RequestReader.Member(body, "skus") is not { ValueKind: JsonValueKind.Array } array || array.GetArrayLength() == 0)
        {
            r.Fail("skus", RequestReader.Member(body, "skus") is null ? "required: a list of {\"sku\", \"name\"}" : "must be a list of 1 or more {\"sku\", \"name\"}");
            return new PutSkus(merchantId, []);
        }

        if (array.GetArrayLength() > SkuCatalog.MaxPerRequest)
        {
            r.Fail("skus", $"must hold at most {SkuCatalog.MaxPerRequest} SKUs; this one has {array.GetArrayLength()}");
            return new PutSkus(merchantId, []);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<CatalogSku>();
        var index = 0;
        foreach (var row in array.EnumerateArray())
        {
            var at = $"skus[{index++}]";
            if (row.ValueKind != JsonValueKind.Object)
            {
                r.Fail(at, "must be an object {\"sku\": \"...\", \"name\": \"...\"}");
                continue;
            }

            string? sku = null, name = null;
            if (!row.TryGetProperty("sku", out var skuValue) || skuValue.ValueKind == JsonValueKind.Null || skuValue.ValueKind == JsonValueKind.String && skuValue.GetString() == "")
            {
                r.Fail(at + ".sku", $"required: the seller SKU, 1 to {MaxSkuLength} characters");
            }
            else if (skuValue.ValueKind != JsonValueKind.String)
            {
                r.Fail(at + ".sku", $"must be text: the seller SKU, 1 to {MaxSkuLength} characters");
            }
            else
            {
                sku = skuValue.GetString()!;
                var problem = sku switch
                {
                    _ when sku.Trim() != sku => "must not start or end with spaces",
                    _ when sku.Length > MaxSkuLength => $"must be at most {MaxSkuLength} characters",
                    _ when sku.Any(char.IsControl) => "must not contain control characters",
                    _ when !seen.Add(sku) => "appears twice in this request",
                    _ => null,
                };
                if (problem is not null)
                {
                    r.Fail(at + ".sku", problem);
                }
            }

            if (row.TryGetProperty("name", out var nameValue) && nameValue.ValueKind != JsonValueKind.Null)
            {
                if (nameValue.ValueKind != JsonValueKind.String || nameValue.GetString()!.Length > MaxNameLength)
                {
                    r.Fail(at + ".name", $"must be text of at most {MaxNameLength} characters (or left out)");
                }
                else
                {
                    name = nameValue.GetString();
                }
            }

            if (sku is not null)
            {
                rows.Add(new CatalogSku(sku, name));
            }
        }

        return new PutSkus(merchantId, rows);
    }
}

/// <summary>200 to PUT .../skus: how many SKUs were stored (added or renamed).</summary>
public sealed record SkusStored(string MerchantId, int Stored);
