using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace TikTokSimulator;

/// <summary>
/// Everything the simulator remembers, behind one lock. The control API and the C# methods of
/// <see cref="TikTokSimulatorServer"/> call the same public methods here.
/// </summary>
public sealed partial class SimulatorState
{
    private readonly object gate = new();
    private readonly SimulatorOptions options;
    private readonly Dictionary<string, SimApp> apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimSeller> sellers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SimShop> shops = new(StringComparer.Ordinal);
    private readonly Dictionary<string, AuthCode> codes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string AppKey, string SellerId), Grant> grants = [];
    private readonly Dictionary<string, AccessToken> accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RefreshToken> refreshTokens = new(StringComparer.Ordinal);
    private long sequence;

    public SimulatorState(SimulatorOptions options)
    {
        this.options = options;
        foreach (var app in options.Apps)
        {
            apps[app.AppKey] = app;
        }
    }

    public DateTimeOffset Now => options.TimeProvider.GetUtcNow();

    private long UnixNow => Now.ToUnixTimeSeconds();

    /// <summary>Forgets every seller, shop, token, order and app (except those of the options).</summary>
    public void Reset()
    {
        lock (gate)
        {
            apps.Clear();
            foreach (var app in options.Apps)
            {
                apps[app.AppKey] = app;
            }

            sellers.Clear();
            shops.Clear();
            codes.Clear();
            grants.Clear();
            accessTokens.Clear();
            refreshTokens.Clear();
            ClearWebhooks();
            ResetListings();
            finance.Clear();
        }
    }

    // ---------- apps, sellers, shops ----------

    public SimApp CreateApp(string? appKey = null, string? appSecret = null, string? serviceId = null, string? callbackUrl = null)
    {
        lock (gate)
        {
            var app = new SimApp(appKey ?? "app" + NextId(), appSecret ?? RandomToken(), serviceId ?? "svc" + NextId(), callbackUrl);
            apps[app.AppKey] = app;
            return app;
        }
    }

    public SimApp? FindApp(string? appKey)
    {
        lock (gate)
        {
            return appKey is not null && apps.TryGetValue(appKey, out var app) ? app : null;
        }
    }

    public SimApp? FindAppByServiceId(string? serviceId)
    {
        lock (gate)
        {
            return apps.Values.FirstOrDefault(a => a.ServiceId == serviceId);
        }
    }

    /// <summary>
    /// A seller with <paramref name="shopCount"/> shops, each with a sales and a return warehouse, one delivery option and
    /// the region's carriers and currency (US: USPS, UPS, FedEx in USD; GB: Royal Mail, DPD, Evri in GBP).
    /// </summary>
    public SimSeller CreateSeller(string? name = null, string region = "GB", int shopCount = 1)
    {
        lock (gate)
        {
            var seller = new SimSeller { OpenId = "seller" + NextId(), Name = name ?? "Seller " + sequence, Region = region };
            sellers[seller.OpenId] = seller;
            for (var i = 0; i < Math.Max(1, shopCount); i++)
            {
                AddShopLocked(seller, null, region);
            }

            return seller;
        }
    }

    public SimShop AddShop(string sellerId, string? name = null, string region = "GB")
    {
        lock (gate)
        {
            return AddShopLocked(Seller(sellerId), name, region);
        }
    }

    /// <summary>Another warehouse for a shop (a second sales warehouse for per-location stock).</summary>
    public SimWarehouse AddWarehouse(string shopId, string? name = null, string type = "SALES_WAREHOUSE")
    {
        lock (gate)
        {
            var warehouse = new SimWarehouse { Id = "7068" + NextId().ToString("D12", CultureInfo.InvariantCulture), Name = name ?? "Warehouse", Type = type };
            Shop(shopId).Warehouses.Add(warehouse);
            return warehouse;
        }
    }

    private SimShop AddShopLocked(SimSeller seller, string? name, string region)
    {
        var id = "7494" + NextId().ToString("D12", CultureInfo.InvariantCulture);
        var shop = new SimShop
        {
            Id = id, Cipher = "ROW_" + RandomToken()[..24], Name = name ?? $"Shop {id[^4..]}", Region = region,
            Code = region + "LC" + id[^6..], SellerId = seller.OpenId, Currency = SimRegionProfile.For(region).Currency,
        };
        FurnishShopLocked(shop);
        seller.Shops.Add(shop);
        shops[shop.Id] = shop;
        return shop;
    }

    public SimShop Shop(string shopId)
    {
        lock (gate)
        {
            return shops.TryGetValue(shopId, out var shop) ? shop : throw SimException.NotFound($"shop {shopId} does not exist");
        }
    }

    private SimSeller Seller(string sellerId) =>
        sellers.TryGetValue(sellerId, out var seller) ? seller : throw SimException.NotFound($"seller {sellerId} does not exist");

    // ---------- authorization ----------

    private sealed record AuthCode(string Code, string AppKey, string SellerId, DateTimeOffset ExpiresAt)
    {
        public bool Used { get; set; }
    }

    /// <summary>One seller's authorization of one app; its expiry is the refresh tokens' (the authorization duration).</summary>
    private sealed class Grant(DateTimeOffset expiresAt)
    {
        public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

        public bool Revoked { get; set; }
    }

    private sealed record AccessToken(string Value, string AppKey, string SellerId)
    {
        public DateTimeOffset ExpiresAt { get; set; }
    }

    private sealed record RefreshToken(string Value, string AppKey, string SellerId);

    /// <summary>What the consent page does when the seller confirms: a single-use code for the app.</summary>
    public string CreateAuthCode(string appKey, string sellerId)
    {
        lock (gate)
        {
            RequireApp(appKey);
            Seller(sellerId);
            var code = RandomToken();
            codes[code] = new AuthCode(code, appKey, sellerId, Now + options.AuthCodeLifetime);
            return code;
        }
    }

    /// <summary>GET /api/v2/token/get.</summary>
    public TokenGrant ExchangeCode(string? appKey, string? appSecret, string? authCode, string? grantType)
    {
        lock (gate)
        {
            var app = CheckAppCredentials(appKey, appSecret);
            if (grantType != "authorized_code")
            {
                throw SimException.BadRequest("grant_type must be authorized_code");
            }

            if (authCode is null || !codes.TryGetValue(authCode, out var code) || code.AppKey != app.AppKey)
            {
                throw SimException.BadRequest("auth_code is invalid");
            }

            if (code.Used)
            {
                throw SimException.BadRequest("auth_code has been used");
            }

            if (code.ExpiresAt <= Now)
            {
                throw SimException.BadRequest("auth_code has expired");
            }

            code.Used = true;
            grants[(app.AppKey, code.SellerId)] = new Grant(Now + options.RefreshTokenLifetime);
            return IssueLocked(app.AppKey, code.SellerId);
        }
    }

    /// <summary>
    /// GET /api/v2/token/refresh: a new access token and refresh token. The refresh token's expiry is the authorization's
    /// ("refresh_token_expire_in is equivalent to the authorization duration provided when the seller initially authorized
    /// app access", authorization guide), so a refresh never extends it; and TikTok documents no invalidation of an earlier
    /// refresh token, so one stays usable until that expiry (a caller that crashed before saving the new pair can refresh
    /// again with the one it kept).
    /// </summary>
    public TokenGrant Refresh(string? appKey, string? appSecret, string? refreshToken, string? grantType)
    {
        lock (gate)
        {
            var app = CheckAppCredentials(appKey, appSecret);
            if (grantType != "refresh_token")
            {
                throw SimException.BadRequest("grant_type must be refresh_token");
            }

            if (refreshToken is null || !refreshTokens.TryGetValue(refreshToken, out var token) || token.AppKey != app.AppKey)
            {
                throw SimException.BadRequest("refresh_token is invalid");
            }

            if (!grants.TryGetValue((token.AppKey, token.SellerId), out var grant) || grant.Revoked)
            {
                throw new SimException(400, Codes.NoAuthRecord, "no authorization record: the seller revoked the app");
            }

            if (grant.ExpiresAt <= Now)
            {
                throw new SimException(400, Codes.RefreshTokenExpired, "refresh_token is expired");
            }

            return IssueLocked(app.AppKey, token.SellerId);
        }
    }

    /// <summary>Test shortcut: authorize <paramref name="sellerId"/> for the app and issue tokens without the browser and code.</summary>
    public TokenGrant Authorize(string appKey, string sellerId)
    {
        lock (gate)
        {
            RequireApp(appKey);
            Seller(sellerId);
            grants[(appKey, sellerId)] = new Grant(Now + options.RefreshTokenLifetime);
            return IssueLocked(appKey, sellerId);
        }
    }

    public void Revoke(string appKey, string sellerId)
    {
        lock (gate)
        {
            if (grants.TryGetValue((appKey, sellerId), out var grant) && !grant.Revoked)
            {
                grant.Revoked = true;
                foreach (var shop in Seller(sellerId).Shops)
                {
                    NotifyDeauthorized(appKey, shop);
                }
            }
        }
    }

    /// <summary>Makes an access token expired now (the next call with it gets 105002).</summary>
    public void ExpireAccessToken(string accessToken)
    {
        lock (gate)
        {
            if (!accessTokens.TryGetValue(accessToken, out var token))
            {
                throw SimException.NotFound("unknown access token");
            }

            token.ExpiresAt = Now.AddSeconds(-1);
        }
    }

    /// <summary>The authorization behind <paramref name="refreshToken"/> ran out: TikTok refuses its refresh tokens (36004001).</summary>
    public void ExpireRefreshToken(string refreshToken)
    {
        lock (gate)
        {
            if (!refreshTokens.TryGetValue(refreshToken, out var token))
            {
                throw SimException.NotFound("unknown refresh token");
            }

            grants[(token.AppKey, token.SellerId)].ExpiresAt = Now.AddSeconds(-1);
        }
    }

    /// <summary>Expires every access token the seller gave the app.</summary>
    public int ExpireAccessTokens(string appKey, string sellerId)
    {
        lock (gate)
        {
            var matching = accessTokens.Values.Where(t => t.AppKey == appKey && t.SellerId == sellerId).ToList();
            matching.ForEach(t => t.ExpiresAt = Now.AddSeconds(-1));
            return matching.Count;
        }
    }

    /// <summary>The seller behind a valid access token of the app, or the TikTok error.</summary>
    internal SimSeller Authenticate(string appKey, string? accessToken)
    {
        lock (gate)
        {
            if (string.IsNullOrEmpty(accessToken) || !accessTokens.TryGetValue(accessToken, out var token) || token.AppKey != appKey)
            {
                throw TikTokErrors.InvalidAccessToken();
            }

            if (!grants.TryGetValue((token.AppKey, token.SellerId), out var grant) || grant.Revoked)
            {
                throw TikTokErrors.DeauthorizedToken();
            }

            if (token.ExpiresAt <= Now)
            {
                throw TikTokErrors.ExpiredToken();
            }

            return sellers[token.SellerId];
        }
    }

    private TokenGrant IssueLocked(string appKey, string sellerId)
    {
        var seller = sellers[sellerId];
        var access = new AccessToken("ROW_" + RandomToken(), appKey, sellerId) { ExpiresAt = Now + options.AccessTokenLifetime };
        var refresh = new RefreshToken("ROW_" + RandomToken(), appKey, sellerId);
        accessTokens[access.Value] = access;
        refreshTokens[refresh.Value] = refresh;
        return new TokenGrant(access.Value, access.ExpiresAt.ToUnixTimeSeconds(), refresh.Value, grants[(appKey, sellerId)].ExpiresAt.ToUnixTimeSeconds(),
            seller.OpenId, seller.Name, seller.Region, 0, ["seller.order.info", "seller.product.basic", "seller.logistics", "seller.return_refund.basic"]);
    }

    private SimApp CheckAppCredentials(string? appKey, string? appSecret)
    {
        if (appKey is null || !apps.TryGetValue(appKey, out var app))
        {
            throw SimException.BadRequest("app_key is missing or unknown");
        }

        if (!FixedTimeEquals(app.AppSecret, appSecret ?? ""))
        {
            throw SimException.BadRequest("app_secret does not match app_key");
        }

        return app;
    }

    private void RequireApp(string appKey)
    {
        if (!apps.ContainsKey(appKey))
        {
            throw SimException.NotFound($"app {appKey} does not exist");
        }
    }

    // ---------- helpers ----------

    private long NextId() => ++sequence;

    private static string RandomToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_').TrimEnd('=');

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    /// <summary>Runs a read-modify-write of several objects atomically.</summary>
    public T Locked<T>(Func<T> action)
    {
        lock (gate)
        {
            return action();
        }
    }

    /// <summary>Serializes inside the lock, so an answer never shows half an update.</summary>
    internal byte[] Snapshot(Func<object?> read)
    {
        lock (gate)
        {
            return JsonSerializer.SerializeToUtf8Bytes(read(), SimJson.Options);
        }
    }
}

/// <summary>The token <c>data</c>: both expiry fields are absolute Unix timestamps, as TikTok sends them.</summary>
public sealed record TokenGrant(
    string AccessToken,
    long AccessTokenExpireIn,
    string RefreshToken,
    long RefreshTokenExpireIn,
    string OpenId,
    string SellerName,
    string SellerBaseRegion,
    int UserType,
    IReadOnlyList<string> GrantedScopes);

public static class SimJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
