using System.Text.Json.Serialization;
using Connector.TikTok.Api;
using Connector.TikTok.Auth;

namespace Connector.TikTok.Json;

/// <summary>
/// Source-generated JSON for every TikTok payload: snake_case names, nulls left out of request bodies,
/// unknown fields ignored, money through <see cref="TikTokDecimalConverter"/>. Wire types use settable properties: the
/// generator would overwrite init-only defaults (e.g. <c>= []</c>) with null when a field is absent.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TikTokDecimalConverter), typeof(TikTokNullableDecimalConverter)])]
[JsonSerializable(typeof(TikTokTokenData))]
[JsonSerializable(typeof(TikTokShopsData))]
[JsonSerializable(typeof(TikTokEmptyData))]
[JsonSerializable(typeof(TikTokOrderSearch))]
[JsonSerializable(typeof(TikTokOrderPage))]
[JsonSerializable(typeof(TikTokOrdersData))]
[JsonSerializable(typeof(TikTokProductSearch))]
[JsonSerializable(typeof(TikTokProductPage))]
[JsonSerializable(typeof(TikTokProduct))]
[JsonSerializable(typeof(TikTokInventoryUpdateBody))]
[JsonSerializable(typeof(TikTokInventoryUpdateResult))]
[JsonSerializable(typeof(TikTokWarehousesData))]
[JsonSerializable(typeof(TikTokDeliveryOptionsData))]
[JsonSerializable(typeof(TikTokShippingProvidersData))]
[JsonSerializable(typeof(TikTokShipPackageRequest))]
[JsonSerializable(typeof(TikTokShippedPackage))]
[JsonSerializable(typeof(TikTokShippingInfo))]
internal sealed partial class TikTokJsonContext : JsonSerializerContext;
