using Connector.Runs;
using Connector.Shops;
using Connector.TikTok;
using Connector.Webhooks;

namespace Connector.AfterSales;

/// <summary>What an after-sales notification led to (the notification record's Outcome).</summary>
public static class AfterSalesOutcomes
{
    public const string Stored = "AfterSalesStored";
    public const string MissingId = "MissingRequestId";
    public const string NotFound = "AfterSalesNotFound";
    public const string ShopNotActive = "ShopNotActive";
}

/// <summary>
/// Types 11 and 12 alike: the request named in the notification (<c>data.&lt;idField&gt;</c>) is read from TikTok and
/// applied by <see cref="AfterSalesIntake"/>; the shop must be Active (the after-sales pull takes it otherwise).
/// </summary>
public abstract class AfterSalesWebhookHandler(string idField, string noun) : IWebhookHandler
{
    public abstract int Type { get; }

    /// <summary>Reads the request from TikTok and applies it; null when TikTok has no such request.</summary>
    protected abstract Task<AfterSalesRequest?> IntakeAsync(ShopRecord shop, string id, CancellationToken cancellationToken);

    public async Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var orderId = notification.DataText("order_id");
        if (notification.DataText(idField) is not { Length: > 0 } id)
        {
            return new WebhookOutcome(AfterSalesOutcomes.MissingId, RunOutcome.Skipped, orderId, $"data.{idField} is missing");
        }

        if (shop.Status != ShopStatus.Active)
        {
            return new WebhookOutcome(AfterSalesOutcomes.ShopNotActive, RunOutcome.Skipped, orderId, $"the shop is {shop.Status}; the after-sales pull takes it when it is Active");
        }

        try
        {
            return await IntakeAsync(shop, id, cancellationToken) is { } request
                ? new WebhookOutcome(AfterSalesOutcomes.Stored, RunOutcome.Succeeded, request.OrderId, $"{noun} {id}: {request.State} (TikTok {request.TikTokStatus})")
                : new WebhookOutcome(AfterSalesOutcomes.NotFound, RunOutcome.Skipped, orderId, $"TikTok returned no {noun} {id}");
        }
        catch (TikTokException e) when (!e.IsRetryable)
        {
            return WebhookOutcome.TikTokRefused(e, orderId);
        }
    }
}

/// <summary>
/// Type 11 (cancellation status change, webhooks/order/11-cancellation-status-change.json): the cancellation is read from TikTok
/// by its <c>cancel_id</c> and applied: a buyer's request makes the order CancellationRequested (or is approved at once by the
/// shop's auto-approval), an accepted one cancels it, a rejected or withdrawn one puts it back.
/// </summary>
public sealed class CancellationStatusWebhookHandler(AfterSalesIntake intake) : AfterSalesWebhookHandler("cancel_id", "cancellation")
{
    public override int Type => WebhookTypes.CancellationStatusChange;

    protected override Task<AfterSalesRequest?> IntakeAsync(ShopRecord shop, string id, CancellationToken cancellationToken) =>
        intake.CancellationAsync(shop, id, AfterSalesSources.Webhook, cancellationToken);
}

/// <summary>
/// Type 12 (return status change, webhooks/return-and-refund/12-return-status-change.json): the return (or refund-only or
/// replacement request) is read from TikTok by its <c>return_id</c>, with its records (the buyer's evidence), and stored for the
/// back office; the order's refunds are updated.
/// </summary>
public sealed class ReturnStatusWebhookHandler(AfterSalesIntake intake) : AfterSalesWebhookHandler("return_id", "return")
{
    public override int Type => WebhookTypes.ReturnStatusChange;

    protected override Task<AfterSalesRequest?> IntakeAsync(ShopRecord shop, string id, CancellationToken cancellationToken) =>
        intake.ReturnAsync(shop, id, AfterSalesSources.Webhook, cancellationToken);
}
