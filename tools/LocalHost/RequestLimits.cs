using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Connector.LocalHost;

/// <summary>
/// A body larger than the server accepts (Kestrel's 30 MB by default) is answered 413 problem+json on every route, as
/// a refused request should be, instead of a 500 with an empty body: up front when the length is announced, and when
/// reading runs over the limit while the function reads it.
/// </summary>
public static class RequestLimits
{
    /// <summary>True (and the 413 written) when the announced body is larger than the server accepts.</summary>
    public static async Task<bool> RefuseAnnouncedOversizeAsync(HttpContext context)
    {
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is null || context.Request.ContentLength is not { } length || length <= limit)
        {
            return false;
        }

        // Read (and drop) the body before answering, so the client, still sending, gets the answer rather than a reset
        // connection; a body beyond DrainLimit is cut off.
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false } && length <= DrainLimit)
        {
            feature.MaxRequestBodySize = null;
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
        }

        await WriteTooLargeAsync(context, limit.Value);
        return true;
    }

    /// <summary>The most an oversized body is read to answer it cleanly.</summary>
    public const long DrainLimit = 256L * 1024 * 1024;

    public static bool IsTooLarge(Exception error) => error is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge };

    public static async Task WriteTooLargeAsync(HttpContext context, long? limit = null)
    {
        limit ??= context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            type = "https://httpstatuses.io/413",
            title = "The request is too large",
            status = 413,
            detail = $"The body is larger than the {limit / 1_000_000} MB the host accepts; nothing was changed. Send it in smaller parts.",
            reference = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5)),
        }));
    }
}
