using System.Text.Json;
using Connector.Shops;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>
/// Type 15, product information change (a live product's title, description, images, attributes or size chart changed
/// online): noted on the listing. A change made in Seller Center is shown as a warning, because the connector's next sync
/// of those fields (the ones the profile syncs) puts the catalog's values back.
/// </summary>
public sealed class ProductInformationChangeHandler(ProductWebhookSupport support) : IWebhookHandler
{
    public int Type => ProductWebhookTypes.ProductInformationChange;

    public Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var source = notification.DataText("change_source") ?? "unknown";
        var fields = notification.Data.ValueKind == JsonValueKind.Object && notification.Data.TryGetProperty("changed_fields", out var f) && f.ValueKind == JsonValueKind.Array
            ? string.Join(", ", f.EnumerateArray().Select(x => x.GetString()))
            : "";
        var bySeller = string.Equals(source, "SELLER_CENTER", StringComparison.OrdinalIgnoreCase);
        return support.NoteAsync(shop, notification.DataText("product_id"),
            bySeller ? $"changed in Seller Center: {fields} (webhook 15)" : $"change live on TikTok: {fields} (webhook 15, {source})", cancellationToken,
            bySeller
                ? r => r with { Warnings = [$"{fields} changed in Seller Center; the catalog's values replace them on the next change the profile syncs", .. r.Warnings.Take(4)] }
                : null);
    }
}
