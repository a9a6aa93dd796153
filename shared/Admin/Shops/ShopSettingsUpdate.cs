using Connector.Audit;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Admin.Shops;

/// <summary>PATCH /api/admin/shops/{shopId}/settings: each capability's section, patched, checked and saved as a whole.</summary>
public sealed class ShopSettingsUpdate(AdminShopRecords records, ShopSettingsChecks checks, AuditLog audit, TimeProvider time)
{
    /// <summary>PATCH /api/admin/shops/{shopId}/settings: a merge patch of the shop's settings, validated as a whole.</summary>
    public async Task<IActionResult> UpdateSettingsAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        var read = await RequestBody.ReadJsonAsync(request, cancellationToken);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        var patch = read.Value is { ValueKind: System.Text.Json.JsonValueKind.Object } found ? found : (System.Text.Json.JsonElement?)null;
        if (patch is null)
        {
            return Problems.BadRequest("The body must be a JSON object, e.g. {\"orders\": {\"importEnabled\": false}}.");
        }

        if (await records.FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return AdminShopRecords.NotFound(shopId);
        }

        var (settings, errors) = ShopSettingsPatch.Candidate(shop.Settings, patch.Value, time.GetUtcNow());
        if (await checks.CheckAsync(shop, patch.Value, settings, errors, cancellationToken) is { } notChecked)
        {
            return notChecked;
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest($"Some settings are not valid ({string.Join(", ", errors.Keys)}); nothing was changed.", errors);
        }

        var before = ShopSettingsView.Of(shop.Settings);
        shop.Settings = settings;
        shop.UpdatedAt = time.GetUtcNow();
        if (await records.SaveAsync(shop, shop.Status, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await audit.WriteAsync(AdminCaller.KeyName(request), AuditActions.UpdateSettings, shop.ShopId, null,
            new { patch = patch.Value, before, after = ShopSettingsView.Of(settings) }, cancellationToken);
        return Problems.Json(new { shopId = shop.ShopId, settings = ShopSettingsView.Of(shop.Settings) });
    }
}
