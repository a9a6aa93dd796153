using Connector.Shops;

namespace Connector.Orders;

/// <summary>
/// This capability's section of a shop's settings (<c>Orders</c>, stored as <see cref="ShopOrderSettings"/>): Shops keeps it
/// as an opaque section; <c>shop.Settings.Orders</c> reads and writes it.
/// </summary>
public static class OrderSettingsSection
{
    public const string Section = "Orders";

    extension(ShopSettings settings)
    {
        /// <summary>How the shop's orders are imported (defaults when absent).</summary>
        public ShopOrderSettings Orders
        {
            get => settings.GetOrAdd<ShopOrderSettings>(Section);
            set => settings.Set(Section, value ?? throw new ArgumentNullException(nameof(value)));
        }
    }
}
