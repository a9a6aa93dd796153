using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;

namespace Connector.Shops;

/// <summary>Where a shop is in its life. Only Active shops are pulled and pushed.</summary>
public enum ShopStatus
{
    /// <summary>Authorized by the seller; support configures and activates it.</summary>
    PendingActivation,
    Active,
    Paused,

    /// <summary>The token refresh failed for good (revoked, refresh token expired): the seller must authorize again.</summary>
    ReauthorizationRequired,
}

/// <summary>
/// One TikTok shop the connector serves. Holds references and expiry dates only: the tokens are in Key Vault under
/// the authorization's secret. One shop belongs to one merchant.
/// </summary>
public sealed class ShopRecord
{
    public required string ShopId { get; init; }
    public required string MerchantId { get; set; }
    /// <summary>The name the connector shows: TikTok's, until support renames the shop; then support's, kept across re-authorizations.</summary>
    public string Name { get; set; } = "";

    /// <summary>The shop's name on TikTok, as TikTok last listed it (updated on every authorization).</summary>
    public string TikTokName { get; set; } = "";

    /// <summary>Support renamed the shop: <see cref="Name"/> is support's and TikTok's name no longer replaces it.</summary>
    public bool RenamedBySupport { get; set; }
    public string Region { get; set; } = "";

    /// <summary>TikTok's shop_cipher: sent with every call for the shop (not a secret).</summary>
    public string Cipher { get; set; } = "";
    public string? SellerType { get; set; }

    /// <summary>The app that authorized the shop; every call for it uses this app.</summary>
    public required string AppKey { get; set; }

    /// <summary>The seller authorization (and Key Vault secret) the shop's tokens belong to.</summary>
    public required string AuthorizationId { get; set; }
    public ShopStatus Status { get; set; } = ShopStatus.PendingActivation;

    /// <summary>Where a re-authorization returns the shop after ReauthorizationRequired.</summary>
    public ShopStatus? StatusBeforeReauthorization { get; set; }

    /// <summary>
    /// Set with the move to Active and cleared once the initial import and products sync are queued: an activation
    /// whose messages were not all sent is finished by the next activate call instead of being refused as "Active already".
    /// </summary>
    public DateTimeOffset? ActivationPendingSince { get; set; }
    public DateTimeOffset? AccessTokenExpiresAt { get; set; }
    public DateTimeOffset? RefreshTokenExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Per-shop settings that later capabilities add to (order import start, inventory export, ...).</summary>
    public ShopSettings Settings { get; set; } = new();

    /// <summary>The row version this record was read at; writes fail when someone else wrote in between.</summary>
    [JsonIgnore]
    public ETag ETag { get; set; }
}

/// <summary>
/// The settings area of a shop, stored as JSON in one column: one section per capability (<c>Orders</c>,
/// <c>Inventory</c>, <c>Fulfilment</c>, ...), opaque to Shops. Each capability reads and writes its own section through
/// its own settings type and accessor in its own folder (e.g. <c>shop.Settings.Inventory</c>, an extension property
/// in <c>shared/Inventory</c>), so Shops depends on none of them. Sections this build does not know are kept as they
/// are (so an older instance never drops a newer setting). A section read through an accessor is the same object on
/// every read of this instance, so a change to it is saved with the shop.
/// </summary>
[JsonConverter(typeof(ShopSettingsJsonConverter))]
public sealed class ShopSettings
{
    /// <summary>How sections are stored: System.Text.Json defaults (PascalCase), as the settings column always was.</summary>
    private static readonly JsonSerializerOptions StoredJson = new();

    private readonly Lock gate = new();
    private readonly Dictionary<string, JsonElement> stored;
    private readonly Dictionary<string, object?> typed = new(StringComparer.Ordinal);

    public ShopSettings()
        : this(new Dictionary<string, JsonElement>(StringComparer.Ordinal))
    {
    }

    private ShopSettings(Dictionary<string, JsonElement> stored) => this.stored = stored;

    /// <summary>The names of the sections set, in stored order then added order.</summary>
    public IReadOnlyList<string> Sections
    {
        get
        {
            lock (gate)
            {
                return [.. stored.Keys.Where(k => !typed.TryGetValue(k, out var value) || value is not null), .. typed.Where(t => t.Value is not null && !stored.ContainsKey(t.Key)).Select(t => t.Key)];
            }
        }
    }

    /// <summary>A capability's section, or null when the shop has none.</summary>
    public T? Get<T>(string section)
        where T : class
    {
        lock (gate)
        {
            if (typed.TryGetValue(section, out var known))
            {
                return (T?)known;
            }

            if (!stored.TryGetValue(section, out var json) || json.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            var value = json.Deserialize<T>(StoredJson);
            typed[section] = value;
            return value;
        }
    }

    /// <summary>A capability's section, created with its defaults (and kept) when the shop has none.</summary>
    public T GetOrAdd<T>(string section)
        where T : class, new()
    {
        lock (gate)
        {
            if (Get<T>(section) is { } value)
            {
                return value;
            }

            var created = new T();
            typed[section] = created;
            return created;
        }
    }

    /// <summary>Replaces a capability's section; null removes it.</summary>
    public void Set<T>(string section, T? value)
        where T : class
    {
        ArgumentException.ThrowIfNullOrEmpty(section);
        lock (gate)
        {
            typed[section] = value;
        }
    }

    /// <summary>A section as stored (System.Text.Json defaults), null when absent: for sections this build does not know.</summary>
    public JsonElement? Raw(string section)
    {
        lock (gate)
        {
            if (typed.TryGetValue(section, out var value))
            {
                return value is null ? null : JsonSerializer.SerializeToElement(value, value.GetType(), StoredJson);
            }

            return stored.TryGetValue(section, out var json) && json.ValueKind != JsonValueKind.Null ? json : null;
        }
    }

    /// <summary>The stored form: one property per section, System.Text.Json defaults (PascalCase).</summary>
    public string ToJson()
    {
        lock (gate)
        {
            var sections = new Dictionary<string, JsonElement>(stored, StringComparer.Ordinal);
            foreach (var (name, value) in typed)
            {
                if (value is null)
                {
                    sections.Remove(name);
                }
                else
                {
                    sections[name] = JsonSerializer.SerializeToElement(value, value.GetType(), StoredJson);
                }
            }

            return JsonSerializer.Serialize(sections, StoredJson);
        }
    }

    /// <summary>Reads the stored form (also rows written when ShopSettings had a typed property per capability).</summary>
    public static ShopSettings FromJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new ShopSettings();
        }

        var sections = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json, StoredJson) ?? [];
        return new ShopSettings(new Dictionary<string, JsonElement>(sections.Where(s => s.Value.ValueKind != JsonValueKind.Null), StringComparer.Ordinal));
    }

    /// <summary>An independent copy (a change to the copy's sections leaves this one as it is).</summary>
    public ShopSettings Copy() => FromJson(ToJson());
}

/// <summary>Any JSON of <see cref="ShopSettings"/> is its stored form (the admin API shows the sections through its own view).</summary>
public sealed class ShopSettingsJsonConverter : JsonConverter<ShopSettings>
{
    public override ShopSettings Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return ShopSettings.FromJson(document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.GetRawText() : null);
    }

    public override void Write(Utf8JsonWriter writer, ShopSettings value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        using var document = JsonDocument.Parse(value.ToJson());
        document.RootElement.WriteTo(writer);
    }
}
