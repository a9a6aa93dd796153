using Connector.Audit;
using Connector.Http;
using Connector.Inventory;
using Connector.Listings;
using Connector.Messaging;
using Connector.Orders;
using Connector.Shops;
using Connector.Support;
using Microsoft.Extensions.Logging;

namespace Connector.Admin.Shops;

/// <summary>
/// POST /api/admin/shops/{shopId}/activate: PendingActivation to Active and the shop's first messages (the initial
/// import, products and stock, listings), atomic with the move: a failed send is finished by activating again.
/// </summary>
public sealed partial class ShopActivation(
    AdminShopRecords records,
    MessageQueue messages,
    QueueNames queues,
    InventoryScheduling inventory,
    ListingScheduling listingScheduling,
    SupportCaseStore cases,
    AuditLog audit,
    TimeProvider time,
    ILogger<ShopActivation> logger)
{
    /// <summary>Without a start date, activation imports this much history plus every open order.</summary>
    public static readonly TimeSpan DefaultInitialImport = TimeSpan.FromDays(30);

    /// <summary>POST /api/admin/shops/{shopId}/activate: PendingActivation to Active, then the initial import.</summary>
    public async Task<Outcome<ShopActivated>> ActivateAsync(ShopOperation request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var shopId = request.ShopId;
        if (await records.FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return AdminShopRecords.NotFound(shopId);
        }

        var finishing = shop.Status == ShopStatus.Active && shop.ActivationPendingSince is not null;
        if (shop.Status != ShopStatus.PendingActivation && !finishing)
        {
            return Refusal.Conflict(shop.Status switch
            {
                ShopStatus.Active => $"Shop {shopId} is Active already.",
                ShopStatus.Paused => $"Shop {shopId} is Paused: resume it instead (POST /api/admin/shops/{shopId}/resume).",
                _ => $"Shop {shopId} needs the seller to authorize again first (GET /api/admin/shops/{shopId}/reauthorize-link).",
            });
        }

        // Active and "activation pending" in one write, the messages, then the marker cleared: a send that fails leaves
        // the marker, and activating again sends them (both messages are idempotent) instead of answering 409.
        var now = time.GetUtcNow();
        var importFrom = shop.ActivationPendingSince ?? now;
        shop.ActivationPendingSince = importFrom;
        if (await records.ChangeStatusAsync(shop, ShopStatus.Active, now, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        var settings = shop.Settings.Orders;
        OrderPullMessage? import = null;
        if (settings.ImportEnabled)
        {
            import = new OrderPullMessage(shop.ShopId, "activation", Since: settings.ImportStartDate ?? importFrom - DefaultInitialImport, IncludeOpenOrders: settings.ImportStartDate is null);
            await messages.SendAsync(queues.OrderPull, import, cancellationToken);
        }

        // Products first, then stock when export is on (the inventory capability decides).
        await inventory.ShopActivatedAsync(shop.ShopId, cancellationToken);
        await listingScheduling.ShopActivatedAsync(shop.ShopId, cancellationToken);
        shop.ActivationPendingSince = null;
        if (await records.SaveAsync(shop, ShopStatus.Active, cancellationToken) is { } changed)
        {
            return changed;
        }

        var keyName = request.Caller;
        await audit.WriteAsync(keyName, AuditActions.ActivateShop, shop.ShopId, null,
            new { from = nameof(ShopStatus.PendingActivation), to = nameof(ShopStatus.Active), initialImport = import }, cancellationToken);
        await ResolveActivationCaseAsync(shop, keyName, cancellationToken);
        LogStatus(shop.ShopId, ShopStatus.Active, keyName);
        return new ShopActivated(ShopSummary.Of(shop), import is null ? null : new InitialImportView(import.Since, import.IncludeOpenOrders));
    }

    private async Task ResolveActivationCaseAsync(ShopRecord shop, string keyName, CancellationToken cancellationToken)
    {
        var open = await cases.ListAsync(SupportCaseStatus.Open, SupportCaseKind.ActivateShop, shop.ShopId, null, AdminRequest.MaxPageSize, cancellationToken);
        foreach (var activation in open.Cases)
        {
            await cases.ResolveAsync(activation.CaseId, "The shop was activated.", keyName, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Shop {ShopId} is now {Status} (key {KeyName})")]
    private partial void LogStatus(string shopId, ShopStatus status, string keyName);
}
