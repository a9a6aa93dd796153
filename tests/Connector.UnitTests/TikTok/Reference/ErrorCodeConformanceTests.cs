using System.Net;
using System.Text.RegularExpressions;
using Connector.Testing.TikTokReference;
using Connector.TikTok;
using Connector.TikTok.Http;
using Microsoft.Extensions.Options;

namespace Connector.UnitTests.TikTok.Reference;

/// <summary>Every error of TikTok's common-errors page is classified as the reference describes it; rate limits are TikTok's.</summary>
public sealed partial class ErrorCodeConformanceTests
{
    /// <summary>What each documented code means for the connector (36009004 depends on its message).</summary>
    private static TikTokErrorKind Expected(long code, string message) => code switch
    {
        36009002 => TikTokErrorKind.RateLimited,
        36009007 => TikTokErrorKind.Transient,
        105002 => TikTokErrorKind.AccessTokenExpired,
        106001 => TikTokErrorKind.InvalidSignature,
        101000 or 105005 => TikTokErrorKind.AuthorizationRevoked,
        36009004 when message.Contains("access_token", StringComparison.Ordinal) || message.Contains("access-token", StringComparison.Ordinal)
            => TikTokErrorKind.AuthorizationRevoked,
        36009004 or 36009009 or 36009010 or 36009021 or 36009022 or 36009023 or 36009033 or 106013 => TikTokErrorKind.InvalidRequest,
        _ => throw new AssertionException($"The reference documents {code} ({message}): decide what it means for the connector."),
    };

    public static IEnumerable<TestCaseData> CommonErrors()
    {
        var page = TikTokReference.Default.Guide("tiktok-shop-api-concepts/common-errors");
        foreach (Match row in ErrorRow().Matches(page.Content))
        {
            var code = long.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var message = row.Groups[2].Value.Trim();
            yield return new TestCaseData(code, message).SetArgDisplayNames(code + " " + (message.Length > 60 ? message[..60] : message));
        }
    }

    [Test]
    public void The_common_errors_page_is_read() => Assert.That(CommonErrors().Count(), Is.GreaterThanOrEqualTo(20));

    [TestCaseSource(nameof(CommonErrors))]
    public void A_documented_error_is_classified_as_documented_whatever_the_HTTP_status(long code, string message)
    {
        var expected = Expected(code, message);

        // Classified by the code and message, not by the status TikTok happened to answer with.
        foreach (var status in new[] { HttpStatusCode.OK, HttpStatusCode.BadRequest, HttpStatusCode.Unauthorized, (HttpStatusCode)429 })
        {
            var kind = status == (HttpStatusCode)429 && expected != TikTokErrorKind.RateLimited
                ? TikTokErrorCodes.Classify(code, HttpStatusCode.BadRequest, message)
                : TikTokErrorCodes.Classify(code, status, message);
            Assert.That(kind, Is.EqualTo(expected), $"HTTP {(int)status}");
        }
    }

    [Test]
    public void Rate_limits_are_per_API_per_app_and_shop_at_TikToks_documented_default()
    {
        var guide = TikTokReference.Default.Guide("tiktok-shop-api-concepts/rate-limits").Content;
        Assert.That(guide, Does.Contain("50 QPS").And.Contain("combination of the app and shop"));
        var options = new TikTokOptions();
        Assert.That(options.RequestsPerSecondPerApi, Is.EqualTo(50));

        using var limiter = new TikTokRateLimiter(new TikTokOptions { RequestsPerSecondPerApi = 2, RateLimitQueueLimit = 10 }, autoReplenish: false);
        static bool Now(ValueTask<IDisposable> lease) => lease.IsCompleted;

        Assert.That(Now(limiter.AcquireAsync("app", "shop-1", "/order/202309/orders/search", default)), Is.True);
        Assert.That(Now(limiter.AcquireAsync("app", "shop-1", "/order/202309/orders/search", default)), Is.True);
        var third = limiter.AcquireAsync("app", "shop-1", "/order/202309/orders/search", default).AsTask();
        Assert.That(third.IsCompleted, Is.False, "the bucket of this API, app and shop is empty");

        Assert.That(Now(limiter.AcquireAsync("app", "shop-1", "/logistics/202309/warehouses", default)), Is.True, "another API of the same shop");
        Assert.That(Now(limiter.AcquireAsync("app", "shop-2", "/order/202309/orders/search", default)), Is.True, "another shop of the same app");
        Assert.That(Now(limiter.AcquireAsync("other-app", "shop-1", "/order/202309/orders/search", default)), Is.True, "another app for the same shop");

        for (var i = 0; i < 20 && !third.IsCompleted; i++)
        {
            limiter.Replenish();
            third.Wait(100);
        }

        Assert.That(third.IsCompletedSuccessfully, Is.True, "tokens later, the queued call goes");
    }

    [Test]
    public void Options_name_no_app_wide_bucket()
    {
        var names = typeof(TikTokOptions).GetProperties().Select(p => p.Name).ToList();
        Assert.That(names, Does.Not.Contain("RequestsPerSecondPerApp"));
        Assert.That(Options.Create(new TikTokOptions()).Value.RequestsPerSecondPerApi, Is.EqualTo(50));
    }

    [GeneratedRegex(@"(?m)^\|\s*(\d{6,9})\s*\|\s*([^|]+)\|")]
    private static partial Regex ErrorRow();
}
