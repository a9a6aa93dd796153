using System.Text.Json;
using Connector.Runs;
using Connector.Shops;
using Connector.Webhooks;

namespace Connector.Listings.Webhooks;

/// <summary>Type 42, combined listing change: noted on each listing of the connector that is in the combined listing.</summary>
public sealed class CombinedListingChangeHandler(ProductWebhookSupport support) : IWebhookHandler
{
    public int Type => ProductWebhookTypes.CombinedListingChange;

    public async Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var ids = notification.Data.ValueKind == JsonValueKind.Object && notification.Data.TryGetProperty("products", out var products) && products.ValueKind == JsonValueKind.Array
            ? products.EnumerateArray().Select(p => p.TryGetProperty("id", out var id) ? id.ToString() : null).OfType<string>().ToArray()
            : [];
        var note = $"in combined listing {notification.DataText("combined_listing_id")} ({notification.DataText("change_type")}, {notification.DataText("status")}) (webhook 42)";
        var recorded = 0;
        foreach (var id in ids)
        {
            if ((await support.NoteAsync(shop, id, note, cancellationToken)).Outcome == ProductWebhookTypes.Recorded)
            {
                recorded++;
            }
        }

        return recorded > 0
            ? WebhookOutcome.Handled(ProductWebhookTypes.Recorded, RunOutcome.Succeeded, $"{recorded} listings noted", new Dictionary<string, long> { ["listings"] = recorded })
            : WebhookOutcome.Handled(ProductWebhookTypes.NotOurs, RunOutcome.Skipped, "no product of the combined listing was listed by the connector");
    }
}
