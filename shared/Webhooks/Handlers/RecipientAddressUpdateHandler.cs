using System.Security.Cryptography;
using System.Text;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Storage;
using Connector.Support;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;

namespace Connector.Webhooks.Handlers;

/// <summary>
/// Webhook type 3, recipient address update (<c>data: {order_id, update_time}</c>): the order is fetched and stored with
/// its new address. When the back office had already taken the order (released, or a label or package made), the order
/// is marked (<see cref="StoredOrder.AddressChange"/>, old and new address) and an AddressChangedAfterRelease support
/// case opens with both addresses, because the parcel may be on its way to the old one.
/// </summary>
public sealed partial class RecipientAddressUpdateHandler(
    IOrderPullShops orderShops,
    OrderStore orders,
    OrderImporter importer,
    ITikTokShopClient tiktok,
    SupportCaseStore cases,
    TimeProvider time,
    ILogger<RecipientAddressUpdateHandler> logger) : IWebhookHandler
{
    public const int WebhookType = WebhookTypes.RecipientAddressUpdate;

    public static class Outcomes
    {
        public const string AddressUpdated = "AddressUpdated";
        public const string AddressChangedAfterRelease = "AddressChangedAfterRelease";
        public const string AddressUnchanged = "AddressUnchanged";
        public const string NotStored = "NotStored";
    }

    public int Type => WebhookType;

    public async Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var orderId = notification.DataText("order_id");
        if (string.IsNullOrEmpty(orderId))
        {
            return new WebhookOutcome(WebhookProcessor.Outcomes.MissingOrderId, RunOutcome.Skipped, Detail: "data.order_id is missing");
        }

        var pull = await orderShops.FindAsync(shop.ShopId, cancellationToken);
        if (pull is not { ImportEnabled: true })
        {
            return WebhookOutcome.ImportOff(shop, orderId);
        }

        var before = await orders.GetAsync(shop.ShopId, orderId, cancellationToken);
        TikTokOrder? fetched;
        try
        {
            fetched = (await tiktok.GetOrdersAsync(new TikTokShopRef(shop.ShopId, shop.Cipher), [orderId], cancellationToken)).FirstOrDefault(o => o.Id == orderId);
        }
        catch (TikTokException e) when (e.Kind is TikTokErrorKind.AuthorizationRevoked or TikTokErrorKind.InvalidRequest)
        {
            return WebhookOutcome.TikTokRefused(e, orderId);
        }

        if (fetched is null)
        {
            return new WebhookOutcome(WebhookProcessor.Outcomes.OrderNotFound, RunOutcome.Skipped, orderId, "TikTok returned no order with this id");
        }

        await importer.ImportAsync(new OrderShopContext(shop.ShopId, shop.MerchantId, pull.Settings), [fetched], OrderSources.Webhook, cancellationToken);
        if (before is null)
        {
            var stored = await orders.GetAsync(shop.ShopId, orderId, cancellationToken) is not null;
            return new WebhookOutcome(stored ? WebhookProcessor.Outcomes.Imported : Outcomes.NotStored, stored ? RunOutcome.Succeeded : RunOutcome.Skipped, orderId,
                "the order was not stored before the address changed");
        }

        var current = OrderMapper.Recipient(fetched.RecipientAddress);
        var previous = before.Order.Recipient;
        if (AddressRules.Same(previous, current))
        {
            return new WebhookOutcome(Outcomes.AddressUnchanged, RunOutcome.Skipped, orderId, "the stored address is TikTok's already");
        }

        if (!AddressRules.TakenByBackOffice(before.Order))
        {
            await SaveAsync(shop.ShopId, orderId, o => o with { Recipient = current }, cancellationToken);
            AddressUpdated(logger, shop.ShopId, orderId);
            return new WebhookOutcome(Outcomes.AddressUpdated, RunOutcome.Succeeded, orderId, "the address changed before the back office took the order");
        }

        var message = AddressRules.CaseMessage(before.Order, previous, current);
        var key = "address-changed:" + shop.ShopId + ":" + orderId + ":" + AddressRules.Fingerprint(current);
        var opened = await cases.OpenAsync(SupportCaseKind.AddressChangedAfterRelease, key, message, shop.ShopId, shop.MerchantId, authorizationId: null, cancellationToken);
        var now = time.GetUtcNow();
        await SaveAsync(shop.ShopId, orderId, o => o with
        {
            Recipient = current,
            AddressChange = new OrderAddressChange(now, previous, current, opened.CaseId),
            History = o.History.Append(new OrderStateChange(now, o.State, $"The buyer changed the address after the back office took the order (support case {opened.CaseId})."))
                .TakeLast(StoredOrder.HistoryLimit).ToArray(),
        }, cancellationToken);
        AddressChangedAfterRelease(logger, shop.ShopId, orderId, opened.CaseId);
        return new WebhookOutcome(Outcomes.AddressChangedAfterRelease, RunOutcome.Succeeded, orderId, $"support case {opened.CaseId}");
    }

    private Task SaveAsync(string shopId, string orderId, Func<StoredOrder, StoredOrder> change, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async _ =>
        {
            if (await orders.GetAsync(shopId, orderId, cancellationToken) is { } stored)
            {
                await orders.SaveAsync(shopId, [new VersionedOrder(change(stored.Order) with { UpdatedAt = time.GetUtcNow() }, stored.ETag)], cancellationToken);
            }
        });

    [LoggerMessage(EventId = 8121, Level = LogLevel.Information, Message = "Order {OrderId} of shop {ShopId}: the buyer's new address is stored")]
    private static partial void AddressUpdated(ILogger logger, string shopId, string orderId);

    [LoggerMessage(EventId = 8122, Level = LogLevel.Warning,
        Message = "Order {OrderId} of shop {ShopId}: the buyer changed the address after the back office took the order; support case {CaseId}")]
    private static partial void AddressChangedAfterRelease(ILogger logger, string shopId, string orderId, string caseId);
}

/// <summary>Address comparison and the support case's text (pure).</summary>
public static class AddressRules
{
    /// <summary>The back office has the order: released to it, or a label or package made for it.</summary>
    public static bool TakenByBackOffice(StoredOrder order) => order.ReleasedAt is not null || order.Packages.Any(p => !p.IsCancelled);

    public static bool Same(OrderRecipient? a, OrderRecipient? b) => Fingerprint(a) == Fingerprint(b);

    /// <summary>A short hash of the address (for the case key: the same change twice opens one case, a further change another).</summary>
    public static string Fingerprint(OrderRecipient? r) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(r is null ? "" : string.Join("\n",
            new[] { r.Name, r.Phone, r.PostalCode, r.City, r.State, r.RegionCode, r.FullAddress }.Concat(r.AddressLines).Select(x => (x ?? "").Trim())))))[..16];

    public static string Format(OrderRecipient? r) => r is null
        ? "(none)"
        : string.Join(", ", new[] { r.Name }.Concat(r.AddressLines).Concat([r.City, r.State, r.PostalCode, r.RegionCode]).Where(x => !string.IsNullOrWhiteSpace(x)));

    public static string CaseMessage(StoredOrder order, OrderRecipient? previous, OrderRecipient? current)
    {
        var taken = order.ReleasedAt is { } at ? $"released to the back office at {at:u}" : "with a label or package made";
        var packages = order.Packages.Where(p => !p.IsCancelled && p.Status != OrderPackage.LabelPending).ToList();
        var parcel = packages.Count == 0
            ? "No label or package is made yet: make sure the warehouse ships to the new address."
            : $"Package(s) {string.Join(", ", packages.Select(p => $"{p.PackageId} (tracking {p.TrackingNumber}, {p.Status ?? "shipped"})"))} were made for the old address: "
              + "stop the parcel if it has not left, and buy a new label for the new address (TikTok may split the package for it).";
        return $"The buyer of order {order.OrderId} (shop {order.ShopId}) changed the delivery address after the order was {taken}. "
               + $"Old address: {Format(previous)}. New address: {Format(current)}. {parcel}";
    }
}
