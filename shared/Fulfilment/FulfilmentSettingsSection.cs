using Connector.Shops;

namespace Connector.Fulfilment;

/// <summary>
/// This capability's section of a shop's settings (<c>Fulfilment</c>, stored as <see cref="FulfilmentSettings"/>): Shops keeps it
/// as an opaque section; <c>shop.Settings.Fulfilment</c> reads and writes it.
/// </summary>
public static class FulfilmentSettingsSection
{
    public const string Section = "Fulfilment";

    extension(ShopSettings settings)
    {
        /// <summary>How shipments are pushed to TikTok (none when absent).</summary>
        public FulfilmentSettings? Fulfilment
        {
            get => settings.Get<FulfilmentSettings>(Section);
            set => settings.Set(Section, value);
        }
    }
}
