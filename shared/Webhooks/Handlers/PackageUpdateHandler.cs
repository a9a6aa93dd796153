using System.Text.Json;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Storage;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;

namespace Connector.Webhooks.Handlers;

/// <summary>
/// Webhook type 4, package update (<c>data: {sc_type, role_type, package_list: [{package_id, order_id_list}], update_time}</c>):
/// TikTok combined, split or cancelled tiktok. Each listed package is read from TikTok (status, tracking, carrier, line
/// items) and the stored orders of the list are brought in step: their packages' status and tracking, a package made
/// outside the connector (Seller Center) recorded with its units, a cancelled package's units free again (the order back
/// to Released / ReadyToFulfil so the warehouse buys a new label), after the orders themselves are stored as TikTok has them.
/// </summary>
public sealed partial class PackageUpdateHandler(
    IOrderPullShops orderShops,
    OrderStore orders,
    OrderImporter importer,
    ITikTokShopClient tiktok,
    TimeProvider time,
    ILogger<PackageUpdateHandler> logger) : IWebhookHandler
{
    public const int WebhookType = WebhookTypes.PackageUpdate;

    public static class Outcomes
    {
        public const string PackagesUpdated = "PackagesUpdated";
        public const string NothingStored = "NothingStored";
        public const string MissingPackages = "MissingPackages";
    }

    public int Type => WebhookType;

    public async Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var listed = Packages(notification.Data);
        var scType = notification.DataText("sc_type") ?? "";
        if (listed.Count == 0)
        {
            return new WebhookOutcome(Outcomes.MissingPackages, RunOutcome.Skipped, Detail: "data.package_list is missing or empty");
        }

        var pull = await orderShops.FindAsync(shop.ShopId, cancellationToken);
        if (pull is not { ImportEnabled: true })
        {
            return WebhookOutcome.ImportOff(shop, null);
        }

        var orderIds = listed.SelectMany(p => p.OrderIds).Distinct(StringComparer.Ordinal).ToList();
        var stored = await orders.GetManyAsync(shop.ShopId, orderIds, cancellationToken);
        var firstOrder = orderIds.FirstOrDefault();
        if (stored.Count == 0)
        {
            return new WebhookOutcome(Outcomes.NothingStored, RunOutcome.Skipped, firstOrder, $"none of orders {string.Join(", ", orderIds)} is stored");
        }

        var reference = new TikTokShopRef(shop.ShopId, shop.Cipher);
        var details = new Dictionary<string, TikTokPackageDetail>(StringComparer.Ordinal);
        IReadOnlyList<TikTokOrder> fresh;
        try
        {
            foreach (var package in listed)
            {
                try
                {
                    details[package.PackageId] = await tiktok.GetPackageDetailAsync(reference, package.PackageId, cancellationToken);
                }
                catch (TikTokException e) when (e.Kind == TikTokErrorKind.InvalidRequest)
                {
                    UnknownPackage(logger, shop.ShopId, package.PackageId, e.Message); // gone after a combine: the orders tell where the units are
                }
            }

            fresh = await tiktok.GetOrdersAsync(reference, stored.Keys, cancellationToken);
        }
        catch (TikTokException e) when (e.Kind is TikTokErrorKind.AuthorizationRevoked or TikTokErrorKind.InvalidRequest)
        {
            return WebhookOutcome.TikTokRefused(e, firstOrder);
        }

        // TikTok's order first (status, line items), then the packages on top, so the reason for a state change stays readable.
        await importer.ImportAsync(new OrderShopContext(shop.ShopId, shop.MerchantId, pull.Settings), fresh, OrderSources.Webhook, cancellationToken);
        var changedOrders = new List<string>();
        foreach (var tiktokOrder in fresh)
        {
            if (await ReconcileAsync(shop.ShopId, tiktokOrder, details, scType, cancellationToken))
            {
                changedOrders.Add(tiktokOrder.Id);
            }
        }
        var summary = string.Join("; ", details.Values.Select(d => $"package {d.PackageId} {d.PackageStatus} tracking {d.TrackingNumber}"));
        PackagesUpdated(logger, shop.ShopId, scType, string.Join(",", details.Keys), string.Join(",", changedOrders));
        return new WebhookOutcome(Outcomes.PackagesUpdated, RunOutcome.Succeeded, firstOrder,
            $"sc_type {scType}: {summary}; orders changed: {(changedOrders.Count == 0 ? "none" : string.Join(", ", changedOrders))}");
    }

    private Task<bool> ReconcileAsync(string shopId, TikTokOrder order, IReadOnlyDictionary<string, TikTokPackageDetail> details, string scType, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async _ =>
        {
            var stored = await orders.GetAsync(shopId, order.Id, cancellationToken);
            if (stored is null || PackageUpdateRules.Apply(stored.Order, order, details, scType, time.GetUtcNow()) is not { } updated)
            {
                return false;
            }

            await orders.SaveAsync(shopId, [new VersionedOrder(updated, stored.ETag)], cancellationToken);
            return true;
        });

    internal sealed record ListedPackage(string PackageId, IReadOnlyList<string> OrderIds);

    internal static IReadOnlyList<ListedPackage> Packages(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("package_list", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var packages = new List<ListedPackage>();
        foreach (var item in list.EnumerateArray())
        {
            var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("package_id", out var p) ? Text(p) : null;
            if (string.IsNullOrEmpty(id))
            {
                continue;
            }

            var orderIds = item.TryGetProperty("order_id_list", out var o) && o.ValueKind == JsonValueKind.Array
                ? o.EnumerateArray().Select(Text).OfType<string>().Where(x => x.Length > 0).ToArray()
                : [];
            packages.Add(new ListedPackage(id, orderIds));
        }

        return packages;
    }

    private static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        _ => null,
    };

    [LoggerMessage(EventId = 8131, Level = LogLevel.Information, Message = "Shop {ShopId}: package {PackageId} not readable on TikTok ({Reason})")]
    private static partial void UnknownPackage(ILogger logger, string shopId, string packageId, string reason);

    [LoggerMessage(EventId = 8132, Level = LogLevel.Information, Message = "Shop {ShopId}: package update ({ScType}) for packages {PackageIds}; orders changed: {OrderIds}")]
    private static partial void PackagesUpdated(ILogger logger, string shopId, string scType, string packageIds, string orderIds);
}

/// <summary>What a package update does to a stored order (pure).</summary>
public static class PackageUpdateRules
{
    /// <summary>The <see cref="OrderPackage.ShipmentId"/> of a package TikTok or the seller made outside the connector.</summary>
    public const string MadeOnTikTok = "tiktok";

    /// <summary>The order with its packages as TikTok now has them; null when nothing changes.</summary>
    public static StoredOrder? Apply(StoredOrder order, TikTokOrder tiktokOrder, IReadOnlyDictionary<string, TikTokPackageDetail> details, string scType, DateTimeOffset now)
    {
        var packages = order.Packages.ToList();
        var cancelled = new List<string>();
        var changed = false;
        for (var i = 0; i < packages.Count; i++)
        {
            var p = packages[i];
            if (string.IsNullOrEmpty(p.PackageId) || !details.TryGetValue(p.PackageId, out var detail))
            {
                continue;
            }

            var updated = p with
            {
                Status = detail.PackageStatus ?? p.Status,
                TrackingNumber = string.IsNullOrEmpty(detail.TrackingNumber) ? p.TrackingNumber : detail.TrackingNumber,
                ShippingProviderId = string.IsNullOrEmpty(detail.ShippingProviderId) ? p.ShippingProviderId : detail.ShippingProviderId,
                ShippingProviderName = detail.ShippingProviderName ?? p.ShippingProviderName,
            };
            if (updated != p)
            {
                changed = true;
                if (updated.IsCancelled && !p.IsCancelled)
                {
                    cancelled.Add(p.PackageId);
                }

                packages[i] = updated;
            }
        }

        // A shipped package of this order that the connector did not make (Seller Center, or TikTok's split of one it made).
        var orderItems = tiktokOrder.LineItems.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var detail in details.Values.Where(d => packages.All(p => p.PackageId != d.PackageId)))
        {
            var mine = detail.OrderLineItemIds.Where(orderItems.Contains).ToList();
            var covered = packages.Where(p => !p.IsCancelled).SelectMany(p => p.LineItemIds).ToHashSet(StringComparer.Ordinal);
            if (mine.Count == 0 || mine.Any(covered.Contains) || !Labels.LabelRules.ShippedPackageStatuses.Contains(detail.PackageStatus ?? ""))
            {
                continue;
            }

            var units = Labels.LabelRules.UnitsOf(tiktokOrder, mine).ToDictionary(l => l.Sku, l => l.Quantity, StringComparer.Ordinal);
            packages.Add(new OrderPackage(detail.PackageId, MadeOnTikTok, units, mine, detail.TrackingNumber ?? "", detail.ShippingProviderId ?? "", now, detail.PackageStatus,
                detail.ShippingProviderName));
            changed = true;
        }

        if (!changed)
        {
            return null;
        }

        return OrderRules.AfterPackagesChanged(order with { Packages = packages, UpdatedAt = now }, "Every unit is in a package on TikTok (made outside the connector).",
            cancelled.Count > 0
                ? $"TikTok cancelled package {string.Join(", ", cancelled)} ({(string.IsNullOrEmpty(scType) ? "package update" : scType)}): its units need a new label."
                : null,
            now);
    }
}
