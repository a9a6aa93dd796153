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
/// Type 11 (cancellation status change, webhooks/order/11-cancellation-status-change.json): the cancellation is read from TikTok
/// by its <c>cancel_id</c> and applied: a buyer's request makes the order CancellationRequested (or is approved at once by the
/// shop's auto-approval), an accepted one cancels it, a rejected or withdrawn one puts it back.
/// </summary>
public sealed class CancellationStatusWebhookHandler(AfterSalesIntake intake) : IWebhookHandler
{
    public int Type => WebhookTypes.CancellationStatusChange;

    public async Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var orderId = notification.DataText("order_id");
        if (notification.DataText("cancel_id") is not { Length: > 0 } cancelId)
        {
            return new WebhookOutcome(AfterSalesOutcomes.MissingId, RunOutcome.Skipped, orderId, "data.cancel_id is missing");
        }

        if (shop.Status != ShopStatus.Active)
        {
            return new WebhookOutcome(AfterSalesOutcomes.ShopNotActive, RunOutcome.Skipped, orderId, $"the shop is {shop.Status}; the after-sales pull takes it when it is Active");
        }

        try
        {
            return await intake.CancellationAsync(shop, cancelId, AfterSalesSources.Webhook, cancellationToken) is { } request
                ? new WebhookOutcome(AfterSalesOutcomes.Stored, RunOutcome.Succeeded, request.OrderId, $"cancellation {cancelId}: {request.State} (TikTok {request.TikTokStatus})")
                : new WebhookOutcome(AfterSalesOutcomes.NotFound, RunOutcome.Skipped, orderId, $"TikTok returned no cancellation {cancelId}");
        }
        catch (TikTokException e) when (!e.IsRetryable)
        {
            return new WebhookOutcome(WebhookProcessor.Outcomes.TikTokRefused, RunOutcome.Failed, orderId, $"{e.Kind} (code {e.Code}, request {e.RequestId})");
        }
    }
}

/// <summary>
/// Type 12 (return status change, webhooks/return-and-refund/12-return-status-change.json): the return (or refund-only or
/// replacement request) is read from TikTok by its <c>return_id</c>, with its records (the buyer's evidence), and stored for the
/// back office; the order's refunds are updated.
/// </summary>
public sealed class ReturnStatusWebhookHandler(AfterSalesIntake intake) : IWebhookHandler
{
    public int Type => WebhookTypes.ReturnStatusChange;

    public async Task<WebhookOutcome> HandleAsync(ShopRecord shop, WebhookNotification notification, CancellationToken cancellationToken)
    {
        var orderId = notification.DataText("order_id");
        if (notification.DataText("return_id") is not { Length: > 0 } returnId)
        {
            return new WebhookOutcome(AfterSalesOutcomes.MissingId, RunOutcome.Skipped, orderId, "data.return_id is missing");
        }

        if (shop.Status != ShopStatus.Active)
        {
            return new WebhookOutcome(AfterSalesOutcomes.ShopNotActive, RunOutcome.Skipped, orderId, $"the shop is {shop.Status}; the after-sales pull takes it when it is Active");
        }

        try
        {
            return await intake.ReturnAsync(shop, returnId, AfterSalesSources.Webhook, cancellationToken) is { } request
                ? new WebhookOutcome(AfterSalesOutcomes.Stored, RunOutcome.Succeeded, request.OrderId, $"return {returnId}: {request.State} (TikTok {request.TikTokStatus})")
                : new WebhookOutcome(AfterSalesOutcomes.NotFound, RunOutcome.Skipped, orderId, $"TikTok returned no return {returnId}");
        }
        catch (TikTokException e) when (!e.IsRetryable)
        {
            return new WebhookOutcome(WebhookProcessor.Outcomes.TikTokRefused, RunOutcome.Failed, orderId, $"{e.Kind} (code {e.Code}, request {e.RequestId})");
        }
    }
}
