using Connector.Shops;

namespace Connector.AfterSales;

/// <summary>
/// This capability's section of a shop's settings (<c>AfterSales</c>, stored as <see cref="AfterSalesSettings"/>): Shops keeps it
/// as an opaque section; <c>shop.Settings.AfterSales</c> reads and writes it.
/// </summary>
public static class AfterSalesSettingsSection
{
    public const string Section = "AfterSales";

    extension(ShopSettings settings)
    {
        /// <summary>Cancellations and returns: auto-approval of buyer cancellations (on when absent).</summary>
        public AfterSalesSettings? AfterSales
        {
            get => settings.Get<AfterSalesSettings>(Section);
            set => settings.Set(Section, value);
        }
    }
}
