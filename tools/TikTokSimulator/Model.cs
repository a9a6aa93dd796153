using System.Text.Json.Serialization;

namespace TikTokSimulator;

/// <summary>An error answered in TikTok's envelope.</summary>
public sealed class SimException(int httpStatus, long code, string message) : Exception(message)
{
    public int HttpStatus { get; } = httpStatus;
    public long Code { get; } = code;

    public static SimException BadRequest(string message) => new(400, Codes.InvalidParameter, message);

    public static SimException NotFound(string message) => new(404, Codes.InvalidParameter, message);
}

public static class Codes
{
    public const long InvalidAccessToken = 105001;
    public const long AccessTokenExpired = 105002;
    public const long InvalidSign = 106001;
    public const long RefreshTokenExpired = 36004001;
    public const long NoAuthRecord = 36004005;
    public const long RetryableServerError = 36009003;
    public const long InvalidParameter = 36009004;
    public const long UnknownPath = 36009009;
}

public sealed record SimApp(string AppKey, string AppSecret, string? ServiceId = null, string? CallbackUrl = null);

public sealed class SimSeller
{
    public required string OpenId { get; init; }
    public required string Name { get; init; }
    public required string Region { get; init; }
    public List<SimShop> Shops { get; } = [];
}

public sealed class SimShop
{
    public required string Id { get; init; }
    public required string Cipher { get; init; }
    public required string Name { get; init; }
    public required string Region { get; init; }
    public required string Code { get; init; }
    public string SellerType { get; init; } = "LOCAL";
    public string Currency { get; init; } = "GBP";

    [JsonIgnore] public string SellerId { get; init; } = "";
    [JsonIgnore] public List<SimWarehouse> Warehouses { get; } = [];
    [JsonIgnore] public Dictionary<string, SimProduct> Products { get; } = new(StringComparer.Ordinal);
    [JsonIgnore] public Dictionary<string, SimOrder> Orders { get; } = new(StringComparer.Ordinal);
    [JsonIgnore] public List<SimInventoryUpdate> InventoryUpdates { get; } = [];
    [JsonIgnore] public Dictionary<string, SimReverse> Cancellations { get; } = new(StringComparer.Ordinal);
    [JsonIgnore] public Dictionary<string, SimReverse> Returns { get; } = new(StringComparer.Ordinal);
}

public sealed class SimWarehouse
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string EffectStatus { get; init; } = "ENABLED";
    public required string Type { get; init; }
    public bool IsDefault { get; init; }
    public SimAddress Address { get; init; } = new();
    [JsonIgnore] public List<SimDeliveryOption> DeliveryOptions { get; } = [];
}

public sealed class SimAddress
{
    public string RegionCode { get; init; } = "GB";
    public string PostalCode { get; init; } = "EC1A 1BB";
    public string City { get; init; } = "London";
    public string FullAddress { get; init; } = "1 Warehouse Way, London EC1A 1BB";
}

public sealed class SimDeliveryOption
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string Type { get; init; } = "STANDARD";
    public List<SimShippingProvider> ShippingProviders { get; } = [];
}

public sealed record SimShippingProvider(string Id, string Name);

public sealed class SimProduct
{
    public required string Id { get; init; }
    public required string Title { get; set; }
    public string Status { get; set; } = "ACTIVATE";
    public long CreateTime { get; set; }
    public long UpdateTime { get; set; }
    public List<SimSku> Skus { get; set; } = [];
}

public sealed class SimSku
{
    public required string Id { get; init; }
    public required string SellerSku { get; set; }
    public SimPrice Price { get; set; } = new();

    /// <summary>Stock per warehouse id.</summary>
    public List<SimStock> Inventory { get; set; } = [];
}

public sealed class SimPrice
{
    public string Currency { get; set; } = "GBP";
    [JsonConverter(typeof(DecimalStringConverter))] public decimal SalePrice { get; set; }
}

public sealed class SimStock
{
    public required string WarehouseId { get; init; }
    public int Quantity { get; set; }
}

public sealed record SimInventoryUpdate(long Time, string ProductId, string SkuId, string WarehouseId, int Quantity, string RequestId);

public sealed class SimOrder
{
    public required string Id { get; init; }
    public required string Status { get; set; }
    public long CreateTime { get; init; }
    public long UpdateTime { get; set; }
    public long? PaidTime { get; set; }
    public string FulfillmentType { get; set; } = "FULFILLMENT_BY_SELLER";
    /// <summary>The order has been or will be ON_HOLD (stays true after TikTok releases it).</summary>
    public bool IsOnHoldOrder { get; set; }
    public bool IsBuyerRequestCancel { get; set; }
    public string ShippingType { get; set; } = "SELLER";
    public string? ShippingProvider { get; set; }
    public string? ShippingProviderId { get; set; }
    public string? TrackingNumber { get; set; }
    public string? WarehouseId { get; set; }
    public string DeliveryType { get; set; } = "HOME_DELIVERY";
    public string? CancelReason { get; set; }
    public string? CancellationInitiator { get; set; }
    public string? BuyerMessage { get; set; }
    public SimPayment Payment { get; set; } = new();
    public SimRecipient RecipientAddress { get; set; } = new();
    public List<SimLineItem> LineItems { get; set; } = [];
    public List<SimPackageRef> Packages { get; set; } = [];

    // TikTok's deadlines once paid (SimulatorState.Shipping.cs): ship by 2 days, collected by 3, cancelled if not handed over in 5 / collected in 6.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? RtsSlaTime { get => rtsSla ?? PaidTime + (2 * Day); set => rtsSla = value; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? TtsSlaTime { get => ttsSla ?? PaidTime + (3 * Day); set => ttsSla = value; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? ShippingDueTime { get => shippingDue ?? PaidTime + (5 * Day); set => shippingDue = value; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? CollectionDueTime { get => collectionDue ?? PaidTime + (6 * Day); set => collectionDue = value; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public long? DeliverySlaTime => PaidTime + (8 * Day);
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? DeliveryOptionId { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? DeliveryOptionName { get; set; }
    public bool HasUpdatedRecipientAddress { get; set; }

    private const long Day = 86_400;
    private long? rtsSla;
    private long? ttsSla;
    private long? shippingDue;
    private long? collectionDue;
}

public sealed class SimPayment
{
    public string Currency { get; set; } = "GBP";
    [JsonConverter(typeof(DecimalStringConverter))] public decimal SubTotal { get; set; }
    [JsonConverter(typeof(DecimalStringConverter))] public decimal ShippingFee { get; set; }
    [JsonConverter(typeof(DecimalStringConverter))] public decimal Tax { get; set; }
    [JsonConverter(typeof(DecimalStringConverter))] public decimal SellerDiscount { get; set; }
    [JsonConverter(typeof(DecimalStringConverter))] public decimal PlatformDiscount { get; set; }
    [JsonConverter(typeof(DecimalStringConverter))] public decimal TotalAmount { get; set; }
    [JsonConverter(typeof(DecimalStringConverter))] public decimal OriginalTotalProductPrice { get; set; }
    [JsonConverter(typeof(DecimalStringConverter))] public decimal OriginalShippingFee { get; set; }
}

public sealed class SimRecipient
{
    public string Name { get; set; } = "";
    public string PhoneNumber { get; set; } = "";
    public string FullAddress { get; set; } = "";
    public string AddressLine1 { get; set; } = "";
    public string AddressLine2 { get; set; } = "";
    public string AddressLine3 { get; set; } = "";
    public string AddressLine4 { get; set; } = "";
    public string PostalCode { get; set; } = "";

    /// <summary>UK addresses only.</summary>
    public string? PostTown { get; set; }
    public string RegionCode { get; set; } = "GB";
    public List<SimDistrict> DistrictInfo { get; set; } = [];
}

public sealed record SimDistrict(string AddressLevelName, string AddressName, string AddressLevel);

/// <summary>One unit of one SKU (TikTok has no quantity field).</summary>
public sealed class SimLineItem
{
    public required string Id { get; init; }
    public required string SkuId { get; init; }
    public required string SellerSku { get; init; }
    public required string ProductId { get; init; }
    public required string ProductName { get; init; }
    public string SkuName { get; init; } = "";
    [JsonConverter(typeof(DecimalStringConverter))] public decimal SalePrice { get; init; }
    [JsonConverter(typeof(DecimalStringConverter))] public decimal OriginalPrice { get; init; }
    public string Currency { get; init; } = "GBP";
    public string DisplayStatus { get; set; } = "";
    public string? PackageId { get; set; }
    public string? CancelReason { get; set; }
    public bool IsGift { get; init; }

    // TikTok Shipping (SimulatorState.Shipping.cs): the unit's package status, tracking and carrier.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? PackageStatus { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? TrackingNumber { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ShippingProviderId { get; set; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? ShippingProviderName { get; set; }
}

public sealed record SimPackageRef(string Id);

public sealed class DecimalStringConverter : JsonConverter<decimal>
{
    public override decimal Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options) =>
        reader.TokenType == System.Text.Json.JsonTokenType.String
            ? decimal.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : reader.GetDecimal();

    public override void Write(System.Text.Json.Utf8JsonWriter writer, decimal value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("0.00##", System.Globalization.CultureInfo.InvariantCulture));
}
