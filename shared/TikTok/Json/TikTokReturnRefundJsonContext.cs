using System.Text.Json.Serialization;
using Connector.TikTok.Api;

namespace Connector.TikTok.Json;

/// <summary>Source-generated JSON of the return_refund payloads, with the same options as <see cref="TikTokJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TikTokDecimalConverter), typeof(TikTokNullableDecimalConverter)])]
[JsonSerializable(typeof(TikTokEmptyData))]
[JsonSerializable(typeof(TikTokCancellationSearch))]
[JsonSerializable(typeof(TikTokCancellationPage))]
[JsonSerializable(typeof(TikTokReturnSearch))]
[JsonSerializable(typeof(TikTokReturnPage))]
[JsonSerializable(typeof(TikTokCancellationRejection))]
[JsonSerializable(typeof(TikTokReturnApproval))]
[JsonSerializable(typeof(TikTokReturnRejection))]
[JsonSerializable(typeof(TikTokCancelOrderRequest))]
[JsonSerializable(typeof(TikTokCancelOrderResult))]
[JsonSerializable(typeof(TikTokReasonsData))]
[JsonSerializable(typeof(TikTokReturnRecordsData))]
internal sealed partial class TikTokReturnRefundJsonContext : JsonSerializerContext;
