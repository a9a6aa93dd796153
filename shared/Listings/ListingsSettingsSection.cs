using Connector.Shops;

namespace Connector.Listings;

/// <summary>
/// This capability's section of a shop's settings (<c>Listings</c>, stored as <see cref="ListingSettings"/>): Shops keeps it
/// as an opaque section; <c>shop.Settings.Listings</c> reads and writes it.
/// </summary>
public static class ListingsSettingsSection
{
    public const string Section = "Listings";

    extension(ShopSettings settings)
    {
        /// <summary>Listing the merchant's catalog on TikTok (off when absent).</summary>
        public ListingSettings? Listings
        {
            get => settings.Get<ListingSettings>(Section);
            set => settings.Set(Section, value);
        }
    }
}
