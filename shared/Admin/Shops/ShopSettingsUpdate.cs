using Connector.Audit;
using Connector.Http;

namespace Connector.Admin.Shops;

/// <summary>PATCH /api/admin/shops/{shopId}/settings: each capability's section, patched, checked and saved as a whole.</summary>
public sealed class ShopSettingsUpdate(AdminShopRecords records, ShopSettingsChecks checks, AuditLog audit, TimeProvider time)
{
    /// <summary>PATCH /api/admin/shops/{shopId}/settings: a merge patch of the shop's settings, validated as a whole.</summary>
    public async Task<Outcome<ShopSettingsSaved>> UpdateSettingsAsync(UpdateShopSettings request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await records.FindAsync(request.ShopId, cancellationToken) is not { } shop)
        {
            return AdminShopRecords.NotFound(request.ShopId);
        }

        var (settings, errors) = ShopSettingsPatch.Candidate(shop.Settings, request.Patch, time.GetUtcNow());
        if (await checks.CheckAsync(shop, request.Patch, settings, errors, cancellationToken) is { } notChecked)
        {
            return notChecked;
        }

        if (errors.Count > 0)
        {
            return Refusal.Invalid($"Some settings are not valid ({string.Join(", ", errors.Keys)}); nothing was changed.", errors);
        }

        var before = ShopSettingsView.Of(shop.Settings);
        shop.Settings = settings;
        shop.UpdatedAt = time.GetUtcNow();
        if (await records.SaveAsync(shop, shop.Status, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await audit.WriteAsync(request.Caller, AuditActions.UpdateSettings, shop.ShopId, null,
            new { patch = request.Patch, before, after = ShopSettingsView.Of(settings) }, cancellationToken);
        return new ShopSettingsSaved(shop.ShopId, ShopSettingsView.Of(shop.Settings));
    }
}
