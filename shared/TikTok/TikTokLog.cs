using Microsoft.Extensions.Logging;

namespace Connector.TikTok;

/// <summary>Every log line of the TikTok client: paths, shop ids, codes and request ids only, never tokens or secrets.</summary>
internal static partial class TikTokLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning,
        Message = "TikTok {Path} for shop {ShopId} failed ({ErrorKind}, code {Code}, request {RequestId}); retry {Attempt} of {MaxRetries} in {Delay}")]
    public static partial void Retrying(ILogger logger, string path, string shopId, TikTokErrorKind? errorKind, long? code, string? requestId,
        int attempt, int maxRetries, TimeSpan delay);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "TikTok access token of shop {ShopId} expired on {Path} (request {RequestId}); refreshing once")]
    public static partial void RefreshingExpiredToken(ILogger logger, string shopId, string path, string? requestId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "TikTok {Path} for shop {ShopId} failed: {ErrorKind}, code {Code}, HTTP {HttpStatus}, request {RequestId}")]
    public static partial void CallFailed(ILogger logger, string path, string shopId, TikTokErrorKind errorKind, long? code, int? httpStatus, string? requestId);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "TikTok authorization {Grant} succeeded for seller {OpenId}")]
    public static partial void TokenGranted(ILogger logger, string grant, string? openId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "TikTok {Method} {Path} for shop {ShopId}: HTTP {HttpStatus}")]
    public static partial void Answered(ILogger logger, string method, string path, string shopId, int httpStatus);
}
