using Connector.Shops;

namespace Connector.Labels;

/// <summary>
/// This capability's section of a shop's settings (<c>Labels</c>, stored as <see cref="LabelSettings"/>): Shops keeps it
/// as an opaque section; <c>shop.Settings.Labels</c> reads and writes it.
/// </summary>
public static class LabelsSettingsSection
{
    public const string Section = "Labels";

    extension(ShopSettings settings)
    {
        /// <summary>TikTok Shipping labels: default service, label size, packing slip, handover (defaults when absent).</summary>
        public LabelSettings? Labels
        {
            get => settings.Get<LabelSettings>(Section);
            set => settings.Set(Section, value);
        }
    }
}
