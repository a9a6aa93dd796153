using System.Text.Json;
using System.Text.Json.Serialization;
using Connector.Http;
using Connector.Shops;
using Connector.TikTok;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Listings;

/// <summary>
/// Listing profiles: <c>PUT /api/merchants/{merchantId}/listing-profiles/{name}</c> (create or replace), <c>GET</c> the
/// list, <c>DELETE</c> one. A profile is checked in full before it is stored: its shape, the price rule, and against
/// TikTok's category tree and the category's attributes on each shop it applies to (a category TikTok does not have, or
/// an attribute the category does not have, is refused by name). A stored change looks at every product again.
/// </summary>
public sealed class ProfileEndpoint(ProfileStore profiles, ListingScheduling scheduling, ShopRepository shops, TikTokCatalog tiktok, TimeProvider time)
{
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    private sealed record Body
    {
        public int? Priority { get; init; }
        public bool IsDefault { get; init; }
        public ProfileMatch? Match { get; init; }
        public string? MatchMode { get; init; }
        public List<string>? Shops { get; init; }
        [JsonPropertyName("tiktokCategoryId")]
        public string? TikTokCategoryId { get; init; }
        public string? BrandId { get; init; }
        public bool BrandFromProduct { get; init; }
        public List<AttributeMapping>? Attributes { get; init; }
        public List<SalesAttributeMapping>? SalesAttributes { get; init; }
        public PriceRuleSpec? PriceRule { get; init; }
        public List<string>? SyncFields { get; init; }
    }

    public async Task<IActionResult> PutAsync(HttpRequest request, string merchantId, string name, CancellationToken cancellationToken)
    {
        if (!AdminRequest.IsId(merchantId))
        {
            return Problems.BadRequest("merchantId must be 1 to 64 letters, digits, '.', '_' or '-'.");
        }

        Body? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<Body>(request.Body, Strict, cancellationToken);
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 1 } p ? p.TrimStart('$', '.') : "";
            return Problems.BadRequest($"The profile is not valid JSON of the expected shape{(path.Length > 0 ? " at " + path : "")}: {e.Message.Split('.')[0]}.",
                new Dictionary<string, string[]> { [path.Length > 0 ? path : "body"] = ["unknown field, or a value of the wrong type"] });
        }

        if (body is null)
        {
            return Problems.BadRequest("The body must be a profile object.");
        }

        var profile = new ListingProfile
        {
            Name = name,
            Priority = body.Priority ?? 100,
            IsDefault = body.IsDefault,
            Match = body.Match ?? new ProfileMatch(),
            MatchMode = body.MatchMode ?? "any",
            Shops = body.Shops ?? [],
            TikTokCategoryId = body.TikTokCategoryId ?? "",
            BrandId = body.BrandId,
            BrandFromProduct = body.BrandFromProduct,
            Attributes = body.Attributes ?? [],
            SalesAttributes = body.SalesAttributes ?? [],
            PriceRule = body.PriceRule ?? new PriceRuleSpec(),
            SyncFields = body.SyncFields?.Select(f => f.ToLowerInvariant()).Distinct().ToArray() ?? SyncFieldNames.All,
            UpdatedAt = time.GetUtcNow(),
        };
        var errors = ProfileRules.Validate(profile);
        var existing = await profiles.ListAsync(merchantId, cancellationToken);
        if (profile.IsDefault && existing.FirstOrDefault(p => p.IsDefault && p.Name != name) is { } other)
        {
            errors["isDefault"] = [$"merchant {merchantId} has a default profile already ({other.Name}); a merchant has one"];
        }

        var merchantShops = (await shops.ListByMerchantAsync(merchantId, cancellationToken)).Where(s => s.Status != ShopStatus.ReauthorizationRequired).ToList();
        for (var i = 0; i < profile.Shops.Count; i++)
        {
            if (merchantShops.All(s => s.ShopId != profile.Shops[i]))
            {
                errors[$"shops[{i}]"] = [$"shop {profile.Shops[i]} is not a shop of merchant {merchantId}"];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest($"Profile {name} is not valid; nothing was stored.", errors);
        }

        var applies = merchantShops.Where(s => profile.AppliesTo(s.ShopId)).ToList();
        if (applies.Count == 0)
        {
            return Problems.Conflict($"Merchant {merchantId} has no connected shop: a profile's category comes from TikTok's category tree of a shop, so connect a shop first.");
        }

        try
        {
            foreach (var shop in applies)
            {
                await CheckWithTikTokAsync(profile, shop, errors, cancellationToken);
            }
        }
        catch (TikTokException e) when (e.IsRetryable)
        {
            return Problems.Unavailable($"TikTok did not answer for now ({e.Kind}, request {e.RequestId}); nothing was stored. Try again.");
        }
        catch (TikTokException e)
        {
            return Problems.Unprocessable($"TikTok refused to show its categories: {e.Message}; nothing was stored.");
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest($"Profile {name} does not fit TikTok's categories; nothing was stored.", errors);
        }

        await profiles.SaveAsync(merchantId, profile, cancellationToken);
        var pushed = await scheduling.ProfilesChangedAsync(merchantId, cancellationToken);
        return Problems.Json(new { merchantId, profile, shopsPushed = pushed });
    }

    public async Task<IActionResult> ListAsync(string merchantId, CancellationToken cancellationToken) =>
        AdminRequest.IsId(merchantId)
            ? Problems.Json(new { merchantId, profiles = (await profiles.ListAsync(merchantId, cancellationToken)).OrderBy(p => p.IsDefault).ThenBy(p => p.Priority).ThenBy(p => p.Name) })
            : Problems.BadRequest("merchantId must be 1 to 64 letters, digits, '.', '_' or '-'.");

    public async Task<IActionResult> DeleteAsync(string merchantId, string name, CancellationToken cancellationToken)
    {
        if (!AdminRequest.IsId(merchantId) || !ProfileRules.IsName(name) || (await profiles.ListAsync(merchantId, cancellationToken)).All(p => p.Name != name))
        {
            return Problems.NotFound($"Merchant {merchantId} has no listing profile {name}.");
        }

        await profiles.DeleteAsync(merchantId, name, cancellationToken);
        var pushed = await scheduling.ProfilesChangedAsync(merchantId, cancellationToken);
        return Problems.Json(new { merchantId, deleted = name, shopsPushed = pushed });
    }

    private async Task CheckWithTikTokAsync(ListingProfile profile, ShopRecord shop, Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var where = $"shop {shop.ShopId} ({shop.Region})";
        var category = (await tiktok.CategoriesAsync(shop, cancellationToken)).FirstOrDefault(c => c.Id == profile.TikTokCategoryId);
        if (category is null)
        {
            errors["tiktokCategoryId"] = [$"TikTok's category tree of {where} has no category {profile.TikTokCategoryId}"];
            return;
        }

        if (!category.IsLeaf)
        {
            errors["tiktokCategoryId"] = [$"category {category.Id} ({category.LocalName}) is not a leaf of TikTok's tree; products go into leaf categories only"];
            return;
        }

        if (category.PermissionStatuses.Count > 0 && !category.PermissionStatuses.Contains("AVAILABLE", StringComparer.OrdinalIgnoreCase))
        {
            errors["tiktokCategoryId"] = [$"{where} may not list in category {category.Id} ({category.LocalName}): {string.Join(", ", category.PermissionStatuses)}"];
            return;
        }

        var info = await tiktok.CategoryAsync(shop, profile.TikTokCategoryId, cancellationToken);
        for (var i = 0; i < profile.Attributes.Count; i++)
        {
            var mapping = profile.Attributes[i];
            var attribute = info.Attributes.FirstOrDefault(a => a.Id == mapping.AttributeId);
            if (attribute is null || attribute.IsSalesAttribute)
            {
                errors[$"attributes[{i}].attributeId"] = [$"category {category.Id} has no product attribute {mapping.AttributeId} on {where}"];
            }
            else if (mapping.Value is { } value && !attribute.IsCustomizable && attribute.Values.Count > 0
                && !value.Split(attribute.IsMultipleSelection ? ',' : '\u0000').Select(v => v.Trim()).All(v => attribute.Values.Any(x => string.Equals(x.Name, v, StringComparison.OrdinalIgnoreCase))))
            {
                errors[$"attributes[{i}].value"] = [$"'{value}' is not one of TikTok's values for {attribute.Name}: {string.Join(", ", attribute.Values.Take(20).Select(v => v.Name))}"];
            }
        }

        for (var i = 0; i < profile.SalesAttributes.Count; i++)
        {
            if (profile.SalesAttributes[i].AttributeId is { } id && !info.Attributes.Any(a => a.Id == id && a.IsSalesAttribute))
            {
                errors[$"salesAttributes[{i}].attributeId"] = [$"category {category.Id} has no sales attribute {id} on {where}"];
            }
        }
    }
}
