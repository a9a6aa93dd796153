using System.Text.Json;
using System.Text.Json.Serialization;
using Connector.AfterSales;
using Connector.Fulfilment;
using Connector.Inventory;
using Connector.Labels;
using Connector.Listings;
using Connector.Orders;
using Connector.Shops;

namespace Connector.Admin.Shops;

/// <summary>
/// A shop's settings as the admin API shows them (shop detail, the settings PATCH's answer, the audit log): one property
/// per capability's section, typed by the capability, then any section this build does not know, as stored.
/// </summary>
public sealed record ShopSettingsView
{
    private static readonly string[] Known =
    [
        InventorySettingsSection.Section, OrderSettingsSection.Section, FulfilmentSettingsSection.Section,
        AfterSalesSettingsSection.Section, ListingsSettingsSection.Section, LabelsSettingsSection.Section,
    ];

    public InventorySettings? Inventory { get; init; }

    public required ShopOrderSettings Orders { get; init; }

    public FulfilmentSettings? Fulfilment { get; init; }

    public AfterSalesSettings? AfterSales { get; init; }

    public ListingSettings? Listings { get; init; }

    public LabelSettings? Labels { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Other { get; init; }

    public static ShopSettingsView Of(ShopSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var other = settings.Sections.Where(s => !Known.Contains(s, StringComparer.Ordinal))
            .Select(s => (Name: s, Value: settings.Raw(s)))
            .Where(s => s.Value is not null)
            .ToDictionary(s => s.Name, s => s.Value!.Value, StringComparer.Ordinal);
        return new ShopSettingsView
        {
            Inventory = settings.Inventory,
            Orders = settings.Orders,
            Fulfilment = settings.Fulfilment,
            AfterSales = settings.AfterSales,
            Listings = settings.Listings,
            Labels = settings.Labels,
            Other = other.Count == 0 ? null : other,
        };
    }
}
