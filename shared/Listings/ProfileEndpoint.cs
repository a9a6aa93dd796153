using Connector.Http;
using Connector.Shops;
using Connector.TikTok;

namespace Connector.Listings;

/// <summary>
/// Listing profiles: <c>PUT /api/merchants/{merchantId}/listing-profiles/{name}</c> (create or replace), <c>GET</c> the
/// list, <c>DELETE</c> one. A profile is checked in full before it is stored: its shape, the price rule, and against
/// TikTok's category tree and the category's attributes on each shop it applies to (a category TikTok does not have, or
/// an attribute the category does not have, is refused by name). A stored change looks at every product again.
/// </summary>
public sealed class ProfileEndpoint(ProfileStore profiles, ListingScheduling scheduling, ShopRepository shops, TikTokCatalog tiktok)
{
    /// <summary>PUT /api/merchants/{merchantId}/listing-profiles/{name}: create or replace, checked against the merchant's shops and TikTok.</summary>
    public async Task<Outcome<ListingProfileSaved>> PutAsync(PutListingProfile request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, profile) = (request.MerchantId, request.Profile);
        var name = profile.Name;
        var errors = new Dictionary<string, string[]>();
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
            return Refusal.Invalid($"Profile {name} is not valid; nothing was stored.", errors);
        }

        var applies = merchantShops.Where(s => profile.AppliesTo(s.ShopId)).ToList();
        if (applies.Count == 0)
        {
            return Refusal.Conflict($"Merchant {merchantId} has no connected shop: a profile's category comes from TikTok's category tree of a shop, so connect a shop first.");
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
            return Refusal.Unavailable($"TikTok did not answer for now ({e.Kind}, request {e.RequestId}); nothing was stored. Try again.");
        }
        catch (TikTokException e)
        {
            return Refusal.Unprocessable($"TikTok refused to show its categories: {e.Message}; nothing was stored.");
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid($"Profile {name} does not fit TikTok's categories; nothing was stored.", errors);
        }

        await profiles.SaveAsync(merchantId, profile, cancellationToken);
        var pushed = await scheduling.ProfilesChangedAsync(merchantId, cancellationToken);
        return new ListingProfileSaved(merchantId, profile, pushed);
    }

    /// <summary>GET /api/merchants/{merchantId}/listing-profiles: by priority, the default last.</summary>
    public async Task<Outcome<ListingProfileList>> ListAsync(ListListingProfiles request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var all = await profiles.ListAsync(request.MerchantId, cancellationToken);
        return new ListingProfileList(request.MerchantId, all.OrderBy(p => p.IsDefault).ThenBy(p => p.Priority).ThenBy(p => p.Name).ToList());
    }

    /// <summary>DELETE /api/merchants/{merchantId}/listing-profiles/{name}.</summary>
    public async Task<Outcome<ListingProfileDeleted>> DeleteAsync(DeleteListingProfile request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, name) = (request.MerchantId, request.Name);
        if ((await profiles.ListAsync(merchantId, cancellationToken)).All(p => p.Name != name))
        {
            return Refusal.NotFound($"Merchant {merchantId} has no listing profile {name}.");
        }

        await profiles.DeleteAsync(merchantId, name, cancellationToken);
        var pushed = await scheduling.ProfilesChangedAsync(merchantId, cancellationToken);
        return new ListingProfileDeleted(merchantId, name, pushed);
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
