using Connector.Shops;
using Connector.Support;
using Connector.Tokens;

namespace Connector.Onboarding;

/// <summary>
/// The shop lifecycle's side of a lost authorization (<see cref="IAuthorizationLoss"/>): Tokens, Orders, Finance and the
/// deauthorization webhook report it; this class decides what it means for the authorization, its shops and support.
/// </summary>
public sealed class AuthorizationLifecycle(
    AuthorizationRepository authorizations,
    ShopRepository shops,
    SupportCaseStore cases,
    OnboardingLinks links,
    TimeProvider time) : IAuthorizationLoss
{
    /// <summary>
    /// The authorization no longer works (a refresh failed for good, or the seller deauthorized the app): the authorization
    /// and its shops become ReauthorizationRequired and one ReauthorizationRequired case opens with a fresh link.
    /// Idempotent: a second call for the same authorization changes nothing and opens no second case.
    /// <paramref name="cause"/> is shown to support (never a token).
    /// </summary>
    public async Task LostAsync(string authorizationId, string cause, CancellationToken cancellationToken)
    {
        var record = await authorizations.GetAsync(authorizationId, cancellationToken);
        if (record is not null && record.Status != AuthorizationStatus.ReauthorizationRequired)
        {
            record.Status = AuthorizationStatus.ReauthorizationRequired;
            record.UpdatedAt = time.GetUtcNow();
            await authorizations.SaveAsync(record, cancellationToken);
        }

        var affected = new List<ShopRecord>();
        foreach (var shop in await shops.ListByAuthorizationAsync(authorizationId, cancellationToken))
        {
            if (shop.Status != ShopStatus.ReauthorizationRequired)
            {
                var before = shop.Status;
                shop.StatusBeforeReauthorization = before;
                shop.Status = ShopStatus.ReauthorizationRequired;
                shop.UpdatedAt = time.GetUtcNow();
                await shops.UpdateAsync(shop, before, cancellationToken);
            }

            affected.Add(shop);
        }

        var merchantId = record?.MerchantId ?? affected.FirstOrDefault()?.MerchantId;
        var names = string.Join(", ", affected.Select(s => $"{s.Name} ({s.ShopId})"));
        string message;
        if (merchantId is null)
        {
            message = $"The TikTok authorization {authorizationId} stopped working ({cause}). It has no merchant: assign it, then send a re-authorize link.";
        }
        else
        {
            var region = affected.FirstOrDefault()?.Region ?? record?.SellerRegion ?? "";
            var link = await links.CreateAsync(merchantId, region, baseUrl: null, cancellationToken);
            message = $"TikTok stopped accepting the authorization of merchant {merchantId} for {names} ({cause}). "
                + $"Send the seller this link to authorize again (valid until {link.ExpiresAt:u}): {link.Url}";
        }

        var key = $"reauth|{authorizationId}|{record?.RefreshTokenExpiresAt.ToUnixTimeSeconds()}|{record?.CreatedAt.ToUnixTimeSeconds()}";
        await cases.OpenAsync(SupportCaseKind.ReauthorizationRequired, key, message, affected.FirstOrDefault()?.ShopId, merchantId, authorizationId, cancellationToken);
    }
}
