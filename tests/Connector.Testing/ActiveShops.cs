using Connector.Catalog;
using Connector.Orders;
using Connector.Shops;
using Connector.Tokens;
using TikTokSimulator;

namespace Connector.Testing;

/// <summary>
/// Registers a simulator shop in the connector as onboarding and activation would leave it, without the browser:
/// the seller authorized in the simulator, the tokens in Key Vault, the shop Active with an import start date, and the
/// shop's SKUs in the merchant's catalog (so its orders are ready to fulfil). Used by the bench and the soak.
/// </summary>
public static class ActiveShops
{
    public static async Task RegisterAsync(SimulatorState simulator, SimApp app, SimSeller seller, SimShop simShop, string merchantId, DateTimeOffset importStart,
        ShopRepository shops, TokenStore tokens, SkuCatalog catalog, CancellationToken cancellationToken)
    {
        var grant = simulator.Authorize(app.AppKey, seller.OpenId);
        var authorizationId = AuthorizationRepository.IdFor(app.AppKey, seller.OpenId);
        await tokens.SaveAsync(authorizationId, new TokenSet
        {
            AccessToken = grant.AccessToken,
            AccessTokenExpiresAt = DateTimeOffset.FromUnixTimeSeconds(grant.AccessTokenExpireIn),
            RefreshToken = grant.RefreshToken,
            RefreshTokenExpiresAt = DateTimeOffset.FromUnixTimeSeconds(grant.RefreshTokenExpireIn),
            Scopes = grant.GrantedScopes,
            AppKey = app.AppKey,
            OpenId = seller.OpenId,
        }, cancellationToken);

        var now = DateTimeOffset.UtcNow;
        var shop = new ShopRecord
        {
            ShopId = simShop.Id,
            MerchantId = merchantId,
            Name = simShop.Name,
            TikTokName = simShop.Name,
            Region = simShop.Region,
            Cipher = simShop.Cipher,
            AppKey = app.AppKey,
            AuthorizationId = authorizationId,
            Status = ShopStatus.Active,
            AccessTokenExpiresAt = DateTimeOffset.FromUnixTimeSeconds(grant.AccessTokenExpireIn),
            RefreshTokenExpiresAt = DateTimeOffset.FromUnixTimeSeconds(grant.RefreshTokenExpireIn),
            CreatedAt = now,
            UpdatedAt = now,
        };
        shop.Settings.Orders = new ShopOrderSettings { ImportStartDate = importStart };
        await shops.CreateAsync(shop, cancellationToken);

        if (simulator.Shop(simShop.Id).Products.Count == 0)
        {
            simulator.GenerateOrders(simShop.Id, 0, 1); // the shop's default products
        }

        var skus = simulator.Locked(() => simulator.Shop(simShop.Id).Products.Values.SelectMany(p => p.Skus).Select(s => new CatalogSku(s.SellerSku, null)).ToArray());
        await catalog.UpsertAsync(merchantId, skus, cancellationToken);
    }
}
