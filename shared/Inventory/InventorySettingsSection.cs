using Connector.Shops;

namespace Connector.Inventory;

/// <summary>
/// This capability's section of a shop's settings (<c>Inventory</c>, stored as <see cref="InventorySettings"/>): Shops keeps it
/// as an opaque section; <c>shop.Settings.Inventory</c> reads and writes it.
/// </summary>
public static class InventorySettingsSection
{
    public const string Section = "Inventory";

    extension(ShopSettings settings)
    {
        /// <summary>Inventory export (off when absent).</summary>
        public InventorySettings? Inventory
        {
            get => settings.Get<InventorySettings>(Section);
            set => settings.Set(Section, value);
        }
    }
}
