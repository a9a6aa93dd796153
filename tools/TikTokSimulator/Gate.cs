using System.Globalization;
using Microsoft.AspNetCore.Routing;

namespace TikTokSimulator;

/// <summary>
/// What TikTok checks before an Open API handler runs, in this order, with the codes and messages of TikTok's reference
/// (see <see cref="TikTokErrors"/>): injected faults, known path (36009009), app_key (36009004), timestamp within
/// 5 minutes behind and 30 seconds ahead (36009004), sign (36009004 missing, 106001 invalid), access token (36009004
/// unknown, 105001 deauthorized, 105002 expired), shop_cipher (106013 missing on shop calls, 36009004 unexpected on
/// /authorization/ calls, 101000 not a shop of the token), a JSON body (36009022), then TikTok's rate limit per API,
/// app and shop (HTTP 429, 36009002). Every call is counted per app, shop and path.
/// </summary>
internal sealed class Gate(SimulatorState state, FaultInjector faults, CallLog calls, SimulatorOptions options)
{
    private readonly SimRateLimiter rateLimiter = new(options, state);

    public const string BodyKey = "sim.body";
    public const string ShopKey = "sim.shop";
    public const string SellerKey = "sim.seller";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "/";
        Envelope.RequestId(context);
        try
        {
            // Read the body once, as sent: the sign covers it and the handlers parse it from here.
            context.Request.EnableBuffering();
            var body = await new StreamReader(context.Request.Body, leaveOpen: true).ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
            context.Items[BodyKey] = body;

            if (path.StartsWith("/_sim", StringComparison.Ordinal))
            {
                await next(context);
                return;
            }

            var endpoint = context.GetEndpoint() as RouteEndpoint;
            var pattern = endpoint?.RoutePattern.RawText ?? path;
            var appKey = context.Request.Query["app_key"].ToString();
            var call = calls.Record(string.IsNullOrEmpty(appKey) ? null : appKey, pattern, path, state.Now.ToUnixTimeSeconds());

            var fault = faults.Next(call.AppKey, pattern, path);
            if (fault is not null && !await ApplyAsync(fault, context))
            {
                return;
            }

            if (endpoint is null)
            {
                await Envelope.WriteErrorAsync(context, 404, Codes.UnknownPath, $"path {path} does not exist");
                return;
            }

            if (IsOpenApi(path))
            {
                Check(context, path, call);
            }

            if (fault is { Kind: FaultKind.AnswerLost })
            {
                // Carried out (or refused), answer never sent: the handler writes into a buffer, then the connection drops.
                context.Response.Body = new MemoryStream();
                try
                {
                    await next(context);
                }
                catch (Exception e) when (e is SimException or InvalidOperationException or ArgumentException)
                {
                    // A refusal is lost on the way back like any other answer.
                }

                context.Abort();
                return;
            }

            await next(context);
        }
        catch (SimException e) when (!context.Response.HasStarted)
        {
            await Envelope.WriteErrorAsync(context, e.HttpStatus, e.Code, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            await Envelope.WriteErrorAsync(context, 500, Codes.RetryableServerError, "simulator error: " + e.Message);
        }
    }

    private static bool IsOpenApi(string path) =>
        !path.StartsWith("/api/v2/token/", StringComparison.Ordinal) && !path.EndsWith("/authorize", StringComparison.Ordinal);

    private void Check(HttpContext context, string path, SimCall call)
    {
        var query = context.Request.Query;
        var app = state.FindApp(call.AppKey) ?? throw TikTokErrors.InvalidAppKey();

        if (!long.TryParse(query["timestamp"], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var timestamp) || timestamp < 0)
        {
            throw TikTokErrors.TimestampNegative();
        }

        var now = state.Now.ToUnixTimeSeconds();
        if (timestamp < now - (long)options.MaxTimestampSkew.TotalSeconds)
        {
            throw TikTokErrors.TimestampTooOld();
        }

        if (timestamp > now + (long)options.MaxTimestampAhead.TotalSeconds)
        {
            throw TikTokErrors.TimestampTooNew();
        }

        var body = (string)context.Items[BodyKey]!;
        var sign = query["sign"].ToString();
        if (string.IsNullOrEmpty(sign))
        {
            throw TikTokErrors.MissingSign();
        }

        var pairs = query.SelectMany(p => p.Value.Select(v => (p.Key, v ?? "")));
        var isMultipart = context.Request.ContentType?.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase) == true;
        var expected = SimSigner.Sign(app.AppSecret, path, pairs, isMultipart ? "" : body);
        if (!string.Equals(expected, sign, StringComparison.Ordinal))
        {
            throw TikTokErrors.InvalidSign();
        }

        var seller = state.Authenticate(app.AppKey, context.Request.Headers["x-tts-access-token"].ToString());
        context.Items[SellerKey] = seller;

        if (!string.IsNullOrWhiteSpace(body) && !isMultipart
            && context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            throw TikTokErrors.NotJson();
        }

        var cipher = query["shop_cipher"].ToString();
        if (path.StartsWith("/authorization/", StringComparison.Ordinal))
        {
            if (!string.IsNullOrEmpty(cipher))
            {
                throw TikTokErrors.UnexpectedCipher();
            }

            Limit(app.AppKey, null, call.Path);
            return;
        }

        if (string.IsNullOrEmpty(cipher))
        {
            if (ListingEndpoints.WithoutShopCipher.Contains(path))
            {
                Limit(app.AppKey, null, call.Path);
                return;
            }

            throw TikTokErrors.MissingCipher();
        }

        var shop = state.Locked(() => seller.Shops.FirstOrDefault(s => s.Cipher == cipher))
            ?? throw TikTokErrors.TokenNotForShop();
        call.ShopId = shop.Id;
        context.Items[ShopKey] = shop;
        Limit(app.AppKey, shop.Id, call.Path);
    }

    private void Limit(string appKey, string? shopId, string api)
    {
        if (!rateLimiter.TryAcquire(appKey, shopId, api))
        {
            throw TikTokErrors.RateLimited();
        }
    }

    /// <summary>Plays a fault; false when it produced the answer.</summary>
    private static async Task<bool> ApplyAsync(FaultRule fault, HttpContext context)
    {
        switch (fault.Kind)
        {
            case FaultKind.RateLimited:
                if (fault.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                await Envelope.WriteErrorAsync(context, 429, TikTokErrors.TooManyRequests, "Too many requests. You've made too many requests in a short period of time.");
                return false;
            case FaultKind.ServerError:
                await Envelope.WriteErrorAsync(context, 500, Codes.RetryableServerError, "internal error, please retry");
                return false;
            case FaultKind.MalformedJson:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"code\":0,\"message\":\"Success\",\"data\":{\"ord");
                return false;
            case FaultKind.Timeout:
                return await DelayAsync(fault.DelayMs ?? 30_000, context);
            case FaultKind.Latency:
                return await DelayAsync(fault.DelayMs ?? 200, context);
            default:
                return true;
        }
    }

    private static async Task<bool> DelayAsync(int milliseconds, HttpContext context)
    {
        try
        {
            await Task.Delay(milliseconds, context.RequestAborted);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
