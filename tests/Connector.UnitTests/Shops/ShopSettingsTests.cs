using System.Text.Json;
using Connector.Admin.Shops;
using Connector.AfterSales;
using Connector.Fulfilment;
using Connector.Http;
using Connector.Inventory;
using Connector.Labels;
using Connector.Listings;
using Connector.Orders;
using Connector.Shops;

namespace Connector.UnitTests.Shops;

/// <summary>A shop's settings: one section per capability, read and written through the capability's own accessor.</summary>
public sealed class ShopSettingsTests
{
    /// <summary>
    /// A settings column as written before the sections (ShopSettings had a typed property per capability and was
    /// serialized with System.Text.Json defaults: PascalCase, nulls written, unknown sections kept as they were).
    /// </summary>
    private static readonly string StoredBefore = JsonSerializer.Serialize(new
    {
        Inventory = new InventorySettings { Enabled = true, Threshold = 3, BufferPercent = 10m },
        Orders = new ShopOrderSettings { ImportEnabled = false, ImportStartDate = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero) },
        Fulfilment = new FulfilmentSettings { FallbackCarrier = "Royal Mail" },
        AfterSales = (AfterSalesSettings?)null,
        Listings = (ListingSettings?)null,
        Labels = (LabelSettings?)null,
        FromANewerBuild = new { Level = 2 },
    });

    [Test]
    public void A_row_stored_before_the_sections_reads_as_it_was()
    {
        var settings = ShopSettings.FromJson(StoredBefore);

        var inventory = settings.Inventory!;
        Assert.That((inventory.Enabled, inventory.Threshold, inventory.BufferPercent), Is.EqualTo((true, 3, 10m)));
        Assert.That(settings.Orders, Is.EqualTo(new ShopOrderSettings { ImportEnabled = false, ImportStartDate = new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero) }));
        Assert.That(settings.Fulfilment!.FallbackCarrier, Is.EqualTo("Royal Mail"));
        Assert.That(settings.AfterSales, Is.Null);
        Assert.That(settings.Listings, Is.Null);
        Assert.That(settings.Labels, Is.Null);
    }

    [Test]
    public void Saving_keeps_every_section_and_the_ones_this_build_does_not_know()
    {
        var settings = ShopSettings.FromJson(StoredBefore);
        settings.Inventory = settings.Inventory! with { Threshold = 5 };
        settings.Labels = new LabelSettings { LabelSize = LabelSettings.A5 };

        var saved = JsonDocument.Parse(settings.ToJson()).RootElement;
        var again = ShopSettings.FromJson(settings.ToJson());

        Assert.That(saved.GetProperty("Inventory").GetProperty("Threshold").GetInt32(), Is.EqualTo(5), "stored PascalCase, as before");
        Assert.That(saved.GetProperty("FromANewerBuild").GetProperty("Level").GetInt32(), Is.EqualTo(2));
        Assert.That(again.Inventory!.Threshold, Is.EqualTo(5));
        Assert.That(again.Labels!.LabelSize, Is.EqualTo(LabelSettings.A5));
        Assert.That(again.Orders.ImportEnabled, Is.False);
        Assert.That(again.Fulfilment!.FallbackCarrier, Is.EqualTo("Royal Mail"));
    }

    [Test]
    public void A_section_read_through_its_accessor_is_changed_in_place_and_a_copy_is_independent()
    {
        var settings = ShopSettings.FromJson(StoredBefore);
        var copy = settings.Copy();

        settings.Fulfilment!.FallbackCarrier = "DPD";

        Assert.That(ShopSettings.FromJson(settings.ToJson()).Fulfilment!.FallbackCarrier, Is.EqualTo("DPD"));
        Assert.That(copy.Fulfilment!.FallbackCarrier, Is.EqualTo("Royal Mail"));
        Assert.That(new ShopSettings().Orders, Is.EqualTo(new ShopOrderSettings()), "order import's defaults when the shop has no section");
    }

    [Test]
    public void The_admin_api_shows_the_sections_as_it_always_did()
    {
        var shown = JsonDocument.Parse(JsonSerializer.Serialize(ShopSettingsView.Of(ShopSettings.FromJson(StoredBefore)), Problems.JsonOptions)).RootElement;

        Assert.That(shown.EnumerateObject().Select(p => p.Name),
            Is.EqualTo(new[] { "inventory", "orders", "fulfilment", "afterSales", "listings", "labels", "FromANewerBuild" }));
        Assert.That(shown.GetProperty("inventory").GetProperty("threshold").GetInt32(), Is.EqualTo(3));
        Assert.That(shown.GetProperty("orders").GetProperty("importEnabled").GetBoolean(), Is.False);
        Assert.That(shown.GetProperty("fulfilment").GetProperty("fallbackCarrier").GetString(), Is.EqualTo("Royal Mail"));
        Assert.That(shown.GetProperty("afterSales").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }
}
