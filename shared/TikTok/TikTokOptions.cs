using Microsoft.Extensions.Options;

namespace Connector.TikTok;

/// <summary>Which seller authorization link the connector hands out.</summary>
public enum TikTokAuthorizeUrlForm
{
    /// <summary><c>https://services.tiktokshop.com/open/authorize?service_id=...</c></summary>
    Current,

    /// <summary><c>https://auth.tiktok-shops.com/oauth/authorize?app_key=...&amp;state=...</c></summary>
    Legacy,
}

/// <summary>Settings of the TikTok Shop client (configuration section <c>TikTok</c>).</summary>
public sealed class TikTokOptions
{
    public const string Section = "TikTok";

    /// <summary>The largest page of order and product search (reference: page_size "Valid range: [1-100]").</summary>
    public const int MaxPageSize = 100;

    /// <summary>The first (or only) app. More apps go in <see cref="Apps"/>; either may be empty, not both.</summary>
    public string AppKey { get; set; } = "";

    /// <summary>
    /// Signs every call and travels in the token exchange query. Never logged. In Azure a Key Vault reference;
    /// or leave it empty and name the Key Vault secret in <see cref="AppSecretName"/>.
    /// </summary>
    public string AppSecret { get; set; } = "";

    /// <summary>The Key Vault secret holding the app secret, read when <see cref="AppSecret"/> is empty.</summary>
    public string? AppSecretName { get; set; }

    /// <summary>The service id of the current authorization link form.</summary>
    public string? ServiceId { get; set; }

    /// <summary>The seller regions the first app serves, comma separated (e.g. <c>US</c>); empty or <c>*</c> = any region.</summary>
    public string? Regions { get; set; }

    /// <summary>
    /// The first app's seller authorization page (current form). Empty: <see cref="AuthorizeUrlUs"/> for an app serving
    /// US sellers, else <see cref="AuthorizeUrlCurrent"/>.
    /// </summary>
    public Uri? AuthorizeUrl { get; set; }

    /// <summary>Further apps (TikTok issues separate US and non-US apps): <c>TikTok:Apps:0:AppKey</c>, ...</summary>
    public List<TikTokAppOptions> Apps { get; set; } = [];

    /// <summary>How long an app secret read from Key Vault is kept in memory.</summary>
    public TimeSpan AppSecretCacheDuration { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Every configured app: the top-level one first (when it has an app key), then <see cref="Apps"/>.</summary>
    public IReadOnlyList<TikTokAppOptions> AllApps()
    {
        var all = new List<TikTokAppOptions>();
        if (!string.IsNullOrWhiteSpace(AppKey))
        {
            all.Add(new TikTokAppOptions
            {
                AppKey = AppKey, AppSecret = AppSecret, AppSecretName = AppSecretName, ServiceId = ServiceId, Regions = Regions, AuthorizeUrl = AuthorizeUrl,
            });
        }

        all.AddRange(Apps);
        return all;
    }

    public Uri AuthBaseUrl { get; set; } = new("https://auth.tiktok-shops.com");

    public Uri OpenApiBaseUrl { get; set; } = new("https://open-api.tiktokglobalshop.com");

    public TikTokAuthorizeUrlForm AuthorizeUrlForm { get; set; } = TikTokAuthorizeUrlForm.Current;

    /// <summary>The seller authorization page of non-US apps (TikTok's authorization guide: services.tiktokshop.com).</summary>
    public Uri AuthorizeUrlCurrent { get; set; } = new("https://services.tiktokshop.com/open/authorize");

    /// <summary>The seller authorization page of US apps (TikTok's authorization guide: services.us.tiktokshop.com).</summary>
    public Uri AuthorizeUrlUs { get; set; } = new("https://services.us.tiktokshop.com/open/authorize");

    public Uri AuthorizeUrlLegacy { get; set; } = new("https://auth.tiktok-shops.com/oauth/authorize");

    /// <summary>
    /// Default page size of searches (1..<see cref="MaxPageSize"/>): TikTok's documented maximum, so a pull takes as few
    /// calls as possible. Cancellation and return searches fit it into their own range (at most 50).
    /// </summary>
    public int PageSize { get; set; } = MaxPageSize;

    /// <summary>
    /// TikTok's rate limit of one API for one app and shop (developer guide, rate limits: "a default rate limit of 50 QPS
    /// for each API", "based on the combination of the app and shop"). The client keeps one bucket per app, shop and API.
    /// </summary>
    public double RequestsPerSecondPerApi { get; set; } = 50;

    /// <summary>How many calls may wait for the rate limiter before a call fails fast as rate limited.</summary>
    public int RateLimitQueueLimit { get; set; } = 1000;

    /// <summary>Time limit of one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time limit of a call including every retry and wait.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Retries after the first attempt, for transient errors and 429.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First back-off delay; doubles per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest single wait, a Retry-After included.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>One TikTok app (the secret itself is never stored here when <see cref="AppSecretName"/> is used).</summary>
public sealed class TikTokAppOptions
{
    public string AppKey { get; set; } = "";

    public string AppSecret { get; set; } = "";

    public string? AppSecretName { get; set; }

    public string? ServiceId { get; set; }

    /// <summary>Comma separated seller regions; empty or <c>*</c> = any region.</summary>
    public string? Regions { get; set; }

    /// <summary>
    /// This app's seller authorization page (current form): each TikTok app has its own link. Empty:
    /// <c>TikTok:AuthorizeUrlUs</c> when the app serves US sellers, else <c>TikTok:AuthorizeUrlCurrent</c>.
    /// </summary>
    public Uri? AuthorizeUrl { get; set; }
}

internal sealed class TikTokOptionsValidator : IValidateOptions<TikTokOptions>
{
    public ValidateOptionsResult Validate(string? name, TikTokOptions options)
    {
        var failures = new List<string>();
        var apps = options.AllApps();
        if (apps.Count == 0)
        {
            failures.Add("TikTok:AppKey (or TikTok:Apps:0:AppKey) is required.");
            apps = [new TikTokAppOptions()];
        }

        for (var i = 0; i < apps.Count; i++)
        {
            var app = apps[i];
            var prefix = string.IsNullOrWhiteSpace(options.AppKey) ? $"TikTok:Apps:{i}:" : i == 0 ? "TikTok:" : $"TikTok:Apps:{i - 1}:";
            if (string.IsNullOrWhiteSpace(app.AppKey) && !(i == 0 && apps.Count == 1 && failures.Count > 0))
            {
                failures.Add($"{prefix}AppKey is required.");
            }

            if (string.IsNullOrWhiteSpace(app.AppSecret) && string.IsNullOrWhiteSpace(app.AppSecretName))
            {
                failures.Add($"{prefix}AppSecret (or {prefix}AppSecretName, a Key Vault secret) is required.");
            }

            if (options.AuthorizeUrlForm == TikTokAuthorizeUrlForm.Current && string.IsNullOrWhiteSpace(app.ServiceId))
            {
                failures.Add($"{prefix}ServiceId is required when TikTok:AuthorizeUrlForm is Current.");
            }
        }

        if (apps.GroupBy(a => a.AppKey, StringComparer.Ordinal).Any(g => g.Count() > 1))
        {
            failures.Add("TikTok app keys must be unique.");
        }

        foreach (var (setting, uri) in new[]
                 {
                     ("AuthBaseUrl", options.AuthBaseUrl), ("OpenApiBaseUrl", options.OpenApiBaseUrl),
                     ("AuthorizeUrlCurrent", options.AuthorizeUrlCurrent), ("AuthorizeUrlLegacy", options.AuthorizeUrlLegacy), ("AuthorizeUrlUs", options.AuthorizeUrlUs),
                 })
        {
            if (uri is null || !uri.IsAbsoluteUri)
            {
                failures.Add($"TikTok:{setting} must be an absolute URL.");
            }
        }

        if (options.PageSize is < 1 or > TikTokOptions.MaxPageSize)
        {
            failures.Add($"TikTok:PageSize must be between 1 and {TikTokOptions.MaxPageSize}.");
        }

        if (options.RequestsPerSecondPerApi <= 0)
        {
            failures.Add("TikTok:RequestsPerSecondPerApi must be positive.");
        }

        if (options.RateLimitQueueLimit < 0)
        {
            failures.Add("TikTok:RateLimitQueueLimit must not be negative.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.TotalTimeout <= TimeSpan.Zero)
        {
            failures.Add("TikTok:AttemptTimeout and TikTok:TotalTimeout must be positive.");
        }

        if (options.MaxRetries < 1 || options.RetryBaseDelay < TimeSpan.Zero || options.MaxRetryDelay < options.RetryBaseDelay)
        {
            failures.Add("TikTok:MaxRetries must be at least 1 and TikTok:MaxRetryDelay must be at least TikTok:RetryBaseDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
