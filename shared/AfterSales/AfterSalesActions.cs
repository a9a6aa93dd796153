using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connector.Http;
using Connector.Orders;
using Connector.Shops;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;

namespace Connector.AfterSales;

/// <summary>An answer to a request: approve (optionally a returnless refund), reject with one of TikTok's reasons, or receive a returned parcel.</summary>
public sealed record DecisionInput(AfterSalesAction Action, string? Reason, string? Comment, bool? BuyerKeepItem, string? IdempotencyKey);

/// <summary>The back office cancels an order (or some units of it) with one of TikTok's seller cancel reasons.</summary>
public sealed record SellerCancelInput(string Reason, IReadOnlyList<(string Sku, int Quantity)>? Lines, string? ShopId, string? IdempotencyKey);

/// <summary>
/// What the back office (and support) do with after-sales: answer a request (TikTok's approve / reject calls with the
/// <c>decision</c> and reject reason TikTok expects), receive a returned parcel, and cancel an order it cannot fulfil. Every
/// check runs before TikTok is called, so bad input and wrong states change nothing; TikTok's refusals come back with its message
/// and request id; an idempotency key makes a repeat return the first answer without calling TikTok again. The shop's
/// auto-approval of buyer cancellations runs here too.
/// </summary>
public sealed partial class AfterSalesActions(
    AfterSalesStore store,
    AfterSalesActionStore actions,
    AfterSalesSync sync,
    ShopRepository shops,
    OrderStore orders,
    ITikTokShopClient tiktok,
    TimeProvider time,
    ILogger<AfterSalesActions> logger)
{
    public async Task<Outcome<AfterSalesActionAnswer>> DecideAsync(string merchantId, string requestId, DecisionInput input, string by, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(merchantId, requestId, cancellationToken) is not { } found)
        {
            return Refusal.NotFound($"Merchant {merchantId} has no after-sales request {requestId}.");
        }

        var request = found.Request;
        var hash = Hash(input.Action.ToString(), requestId, input.Reason, input.Comment, input.BuyerKeepItem?.ToString());
        return await WithKeyAsync(merchantId, input.IdempotencyKey, input.Action.ToString(), requestId, hash,
            () => DecideNowAsync(request, input, by, cancellationToken), cancellationToken);
    }

    /// <summary>TikTok's reasons for rejecting this request, read from TikTok (never a fixed list).</summary>
    public async Task<Outcome<RejectReasons>> RejectReasonsAsync(string merchantId, string requestId, string? locale, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(merchantId, requestId, cancellationToken) is not { } found)
        {
            return Refusal.NotFound($"Merchant {merchantId} has no after-sales request {requestId}.");
        }

        if (await ShopAsync(found.Request.ShopId, cancellationToken) is not { } shop)
        {
            return Refusal.NotFound($"Shop {found.Request.ShopId} no longer exists.");
        }

        try
        {
            var reasons = await tiktok.GetRejectReasonsAsync(AfterSalesSync.Ref(shop), requestId, locale, cancellationToken);
            return new RejectReasons(requestId, found.Request.State.ToString(), reasons.Select(r => new ReasonView(r.Name, r.Text)).ToList());
        }
        catch (TikTokException e)
        {
            return AfterSalesRefusals.TikTokRefused($"the reject reasons of {requestId}", e);
        }
    }

    /// <summary>TikTok's seller cancel reasons for this order (its market and TikTok status), and whether single lines may be cancelled.</summary>
    public async Task<Outcome<CancelReasons>> CancelReasonsAsync(string merchantId, string orderId, CancellationToken cancellationToken)
    {
        if (await FindOrderAsync(merchantId, orderId, null, cancellationToken) is not { } located)
        {
            return Refusal.NotFound($"Order {orderId} does not exist for merchant {merchantId}.");
        }

        var (shop, order) = located;
        var reasons = SellerCancelReasons.For(shop.Region, order.TikTokStatus);
        return new CancelReasons(orderId, shop.ShopId, SellerCancelReasons.Market(shop.Region), order.TikTokStatus,
            reasons.Select(r => new CancelReasonView(r.Name, r.Text, SellerCancelReasons.AllowsPartial(shop.Region, r.Name))).ToList());
    }

    public async Task<Outcome<AfterSalesActionAnswer>> SellerCancelAsync(string merchantId, string orderId, SellerCancelInput input, string by, CancellationToken cancellationToken)
    {
        if (await FindOrderAsync(merchantId, orderId, input.ShopId, cancellationToken) is not { } located)
        {
            return Refusal.NotFound($"Order {orderId} does not exist for merchant {merchantId}.");
        }

        var lines = input.Lines?.OrderBy(l => l.Sku, StringComparer.Ordinal).Select(l => $"{l.Sku}={l.Quantity.ToString(CultureInfo.InvariantCulture)}") ?? ["all"];
        var hash = Hash("Cancel", orderId, input.Reason, string.Join(";", lines));
        return await WithKeyAsync(merchantId, input.IdempotencyKey, "Cancel", orderId, hash,
            () => SellerCancelNowAsync(located.Shop, located.Order, input, by, cancellationToken), cancellationToken);
    }

    /// <summary>Approves a buyer's cancellation for the shop (setting afterSales.autoApproveBuyerCancellations) when the back office has not taken the order.</summary>
    public async Task<AfterSalesRequest> AutoApproveIfAllowedAsync(ShopRecord shop, AfterSalesRequest request, CancellationToken cancellationToken)
    {
        var order = (await orders.GetAsync(shop.ShopId, request.OrderId, cancellationToken))?.Order;
        if (!AfterSalesRules.ShouldAutoApprove(request, order, shop.Settings.AfterSales ?? new AfterSalesSettings()))
        {
            return request;
        }

        // Marked approved before TikTok is asked, so TikTok's "cancelled" (which may come by webhook at once) finds it approved.
        var now = time.GetUtcNow();
        await sync.UpdateOrderAsync(shop.ShopId, request.OrderId, o => OrderRules.CancellationApproved(o, AfterSalesRules.AutoApprover, now), cancellationToken);
        try
        {
            await tiktok.ApproveCancellationAsync(AfterSalesSync.Ref(shop), request.RequestId, $"auto-approve-{request.RequestId}", cancellationToken);
        }
        catch (TikTokException e)
        {
            await sync.UpdateOrderAsync(shop.ShopId, request.OrderId, o => OrderRules.CancellationApprovalUndone(o, time.GetUtcNow()), CancellationToken.None);
            if (e.IsRetryable)
            {
                throw;
            }

            // TikTok would not (e.g. the order moved on): the request stays for the back office to answer.
            LogAutoApprovalRefused(shop.ShopId, request.OrderId, request.RequestId, e.Code, e.Detail, e.RequestId);
            return request;
        }

        LogAutoApproved(shop.ShopId, request.OrderId, request.RequestId);
        var recorded = await sync.RecordDecisionAsync(request, new AfterSalesDecision(AfterSalesAction.Approve, "APPROVE", null, null, AfterSalesRules.AutoApprover, now, null),
            cancellationToken);
        return await sync.RefreshAsync(shop, recorded, AfterSalesSources.Action, cancellationToken) ?? recorded;
    }

    private async Task<Answer> DecideNowAsync(AfterSalesRequest request, DecisionInput input, string by, CancellationToken cancellationToken)
    {
        if (AfterSalesRules.WhyNot(request, input.Action) is { } why)
        {
            return Refusal.Conflict(why);
        }

        if (await ShopAsync(request.ShopId, cancellationToken) is not { } shop)
        {
            return Refusal.NotFound($"Shop {request.ShopId} no longer exists.");
        }

        if (shop.Status == ShopStatus.ReauthorizationRequired)
        {
            return Refusal.Conflict($"Shop {shop.ShopId} needs the seller to authorize the connector again before TikTok can be answered.");
        }

        var what = $"to {input.Action.ToString().ToLowerInvariant()} {AfterSalesRules.Describe(request).ToLowerInvariant()}";
        var tiktokKey = input.IdempotencyKey is { } key
            ? "bo-" + AfterSalesActionStore.Row(request.MerchantId + "|" + key)
            : $"{input.Action.ToString().ToLowerInvariant()}-{request.RequestId}-{request.UpdateTime.ToString(CultureInfo.InvariantCulture)}";
        var decision = request.Kind == AfterSalesKind.Cancellation
            ? (input.Action == AfterSalesAction.Approve ? "APPROVE" : "REJECT")
            : AfterSalesRules.ReturnDecision(request, input.Action)!;
        try
        {
            if (input.Action == AfterSalesAction.Reject)
            {
                var offered = await tiktok.GetRejectReasonsAsync(AfterSalesSync.Ref(shop), request.RequestId, null, cancellationToken);
                if (!offered.Any(r => string.Equals(r.Name, input.Reason, StringComparison.Ordinal)))
                {
                    return AfterSalesRefusals.Unprocessable(
                        $"'{input.Reason}' is not a reason TikTok offers for rejecting {AfterSalesRules.Describe(request).ToLowerInvariant()}. Use one of: "
                        + string.Join(", ", offered.Select(r => $"{r.Name} ({r.Text})")) + ".",
                        "reason", "not one of TikTok's reject reasons for this request (GET .../reject-reasons)");
                }
            }

            var ref_ = AfterSalesSync.Ref(shop);
            if (request.Kind == AfterSalesKind.Cancellation && input.Action == AfterSalesAction.Approve)
            {
                // Marked approved before TikTok is asked, so TikTok's "cancelled" (which may come by webhook at once) finds it approved.
                await sync.UpdateOrderAsync(request.ShopId, request.OrderId, o => OrderRules.CancellationApproved(o, by, time.GetUtcNow()), cancellationToken);
            }

            switch (request.Kind, input.Action)
            {
                case (AfterSalesKind.Cancellation, AfterSalesAction.Approve):
                    await tiktok.ApproveCancellationAsync(ref_, request.RequestId, tiktokKey, cancellationToken);
                    break;
                case (AfterSalesKind.Cancellation, _):
                    await tiktok.RejectCancellationAsync(ref_, request.RequestId, tiktokKey, new TikTokCancellationRejection { RejectReason = input.Reason!, Comment = input.Comment }, cancellationToken);
                    break;
                case (_, AfterSalesAction.Reject):
                    await tiktok.RejectReturnAsync(ref_, request.RequestId, tiktokKey,
                        new TikTokReturnRejection { Decision = decision, RejectReason = input.Reason!, Comment = input.Comment }, cancellationToken);
                    break;
                default:
                    await tiktok.ApproveReturnAsync(ref_, request.RequestId, tiktokKey,
                        new TikTokReturnApproval { Decision = decision, BuyerKeepItem = decision == TikTokReturnDecision.ApproveReturn ? input.BuyerKeepItem : null }, cancellationToken);
                    break;
            }
        }
        catch (TikTokException e)
        {
            LogRefused(request.ShopId, request.OrderId, request.RequestId, input.Action, e.Code, e.Detail, e.RequestId);
            if (request.Kind == AfterSalesKind.Cancellation && input.Action == AfterSalesAction.Approve)
            {
                await sync.UpdateOrderAsync(request.ShopId, request.OrderId, o => OrderRules.CancellationApprovalUndone(o, time.GetUtcNow()), CancellationToken.None);
            }

            if (e.IsRetryable)
            {
                throw new TransientAnswerException(AfterSalesRefusals.TikTokRefused(what, e), e);
            }

            return new Answer(AfterSalesRefusals.TikTokRefused(what, e), Keep: true);
        }

        var now = time.GetUtcNow();
        LogAnswered(request.ShopId, request.OrderId, request.RequestId, input.Action, decision, by);
        var recorded = await sync.RecordDecisionAsync(request, new AfterSalesDecision(input.Action, decision, input.Reason, input.Comment, by, now, null), cancellationToken);

        var fresh = await sync.RefreshAsync(shop, recorded, AfterSalesSources.Action, cancellationToken) ?? recorded;
        var order = (await orders.GetAsync(request.ShopId, request.OrderId, cancellationToken))?.Order;
        return new DecisionAnswer(AfterSalesRequestView.Of(fresh), AfterSalesOrderView.Of(order), Replayed: false);
    }

    private async Task<Answer> SellerCancelNowAsync(ShopRecord shop, StoredOrder order, SellerCancelInput input, string by, CancellationToken cancellationToken)
    {
        if (AfterSalesRules.WhyNotCancel(shop, order, input) is { } refusal)
        {
            return refusal;
        }

        var partial = input.Lines is not null;
        var what = $"to cancel order {order.OrderId}";
        var shopRef = AfterSalesSync.Ref(shop);
        TikTokCancelOrderResult result;
        try
        {
            var current = (await tiktok.GetOrdersAsync(shopRef, [order.OrderId], cancellationToken)).FirstOrDefault(o => o.Id == order.OrderId);
            if (current is null || !SellerCancelReasons.CancellableStatuses.Contains(current.Status))
            {
                await sync.ImportOrderAsync(shop, order.OrderId, AfterSalesSources.Action, cancellationToken);
                return Refusal.Conflict($"Order {order.OrderId} is {current?.Status ?? "unknown"} on TikTok now: it can no longer be cancelled by the seller.");
            }

            IReadOnlyList<string>? lineItemIds = null;
            if (partial)
            {
                var chosen = new List<string>();
                foreach (var (sku, quantity) in input.Lines!)
                {
                    chosen.AddRange(current.LineItems
                        .Where(l => string.Equals(l.SellerSku?.Trim(), sku, StringComparison.Ordinal) && string.IsNullOrEmpty(l.PackageId)
                                    && !string.Equals(l.DisplayStatus, TikTokOrderStatus.Cancelled, StringComparison.OrdinalIgnoreCase))
                        .Take(quantity).Select(l => l.Id));
                }

                var open = current.LineItems.Count(l => !string.Equals(l.DisplayStatus, TikTokOrderStatus.Cancelled, StringComparison.OrdinalIgnoreCase));
                partial = chosen.Count < open;
                lineItemIds = partial ? chosen : null;
            }

            if (!partial)
            {
                await sync.UpdateOrderAsync(shop.ShopId, order.OrderId, o => OrderRules.SellerCancelling(o, input.Reason, by, time.GetUtcNow()), cancellationToken);
            }

            var asked = time.GetUtcNow().AddMinutes(-1).ToUnixTimeSeconds();
            try
            {
                result = await tiktok.CancelOrderAsync(shopRef, new TikTokCancelOrderRequest { OrderId = order.OrderId, OrderLineItemIds = lineItemIds, CancelReason = input.Reason },
                    cancellationToken);
            }
            catch (TikTokException e)
            {
                // An attempt may have gone through with its answer lost, and the client's retry been refused because the
                // order is cancelled already: when TikTok holds a seller cancellation made since, this one succeeded.
                var earlier = e.IsRetryable ? null : await SellerCancellationSinceAsync(shopRef, order.OrderId, asked, cancellationToken);
                if (earlier is null)
                {
                    if (!partial)
                    {
                        await sync.UpdateOrderAsync(shop.ShopId, order.OrderId, o => o.CancellationRequest?.Initiator == "SELLER"
                            ? OrderRules.CancellationClosed(o, "TikTok did not cancel the order.", time.GetUtcNow())
                            : null, CancellationToken.None);
                    }

                    throw;
                }

                LogCancelFoundAfterRefusal(shop.ShopId, order.OrderId, earlier.CancelId, e.Code);
                result = earlier;
            }
        }
        catch (TikTokException e)
        {
            LogCancelRefused(shop.ShopId, order.OrderId, e.Code, e.Detail, e.RequestId);
            if (e.IsRetryable)
            {
                throw new TransientAnswerException(AfterSalesRefusals.TikTokRefused(what, e), e);
            }

            return new Answer(AfterSalesRefusals.TikTokRefused(what, e), Keep: true);
        }

        LogCancelled(shop.ShopId, order.OrderId, result.CancelId, input.Reason, partial, by);
        var request = await sync.RefreshCancellationAsync(shop, result.CancelId, AfterSalesSources.Action, cancellationToken);
        if (request is null)
        {
            await sync.ImportOrderAsync(shop, order.OrderId, AfterSalesSources.Action, cancellationToken);
        }

        var after = (await orders.GetAsync(shop.ShopId, order.OrderId, cancellationToken))?.Order;
        return new SellerCancelAnswer(result.CancelId, result.CancelStatus, partial, request is null ? null : AfterSalesRequestView.Of(request), AfterSalesOrderView.Of(after),
            Replayed: false);
    }

    /// <summary>The seller's cancellation of the order TikTok made since <paramref name="since"/> (Unix seconds), if any.</summary>
    private async Task<TikTokCancelOrderResult?> SellerCancellationSinceAsync(TikTokShopRef shop, string orderId, long since, CancellationToken cancellationToken)
    {
        var page = await tiktok.SearchCancellationsAsync(shop, new TikTokCancellationSearch { OrderIds = [orderId], CreateTimeGe = since }, new TikTokPageRequest(), cancellationToken);
        var found = page.Cancellations.Where(c => string.Equals(c.Role, "SELLER", StringComparison.OrdinalIgnoreCase)).OrderByDescending(c => c.CreateTime).FirstOrDefault();
        return found is null ? null : new TikTokCancelOrderResult { CancelId = found.CancelId, CancelStatus = found.CancelStatus };
    }

    /// <summary>Runs <paramref name="run"/> once per idempotency key (without a key, every time; the state checks keep repeats harmless).</summary>
    private async Task<Outcome<AfterSalesActionAnswer>> WithKeyAsync(string merchantId, string? key, string action, string target, string hash, Func<Task<Answer>> run,
        CancellationToken cancellationToken)
    {
        if (key is null)
        {
            try
            {
                return (await run()).Outcome;
            }
            catch (TransientAnswerException e)
            {
                return e.Refusal;
            }
        }

        var (claimed, existing) = await actions.ClaimAsync(merchantId, key, action, target, hash, cancellationToken);
        if (!claimed)
        {
            if (existing!.RequestHash != hash)
            {
                return Refusal.Conflict($"Idempotency key '{key}' was used for another action ({existing.Action} on {existing.Target}). Use a new key for a new action.");
            }

            return existing.Done
                ? Replay(existing.HttpStatus, existing.Answer!)
                : Refusal.Conflict($"The action with idempotency key '{key}' is still being carried out; ask again in a moment.");
        }

        Answer answer;
        try
        {
            answer = await run();
        }
        catch (TransientAnswerException e)
        {
            await actions.ReleaseAsync(merchantId, key, CancellationToken.None);
            return e.Refusal;
        }
        catch
        {
            await actions.ReleaseAsync(merchantId, key, CancellationToken.None);
            throw;
        }

        if (!answer.Keep)
        {
            // Bad input or a wrong state changed nothing: the key stays free for a corrected request.
            await actions.ReleaseAsync(merchantId, key, CancellationToken.None);
            return answer.Outcome;
        }

        var (status, json) = Kept(answer.Outcome);
        await actions.CompleteAsync(merchantId, key, status, json, cancellationToken);
        return answer.Outcome;
    }

    /// <summary>What is kept under a key: the answer's JSON (200), or TikTok's refusal as a problem (its title, detail and <c>tikTok</c>).</summary>
    private static (int Status, string Json) Kept(Outcome<AfterSalesActionAnswer> outcome)
    {
        if (outcome.Refusal is not { } refusal)
        {
            return (200, JsonSerializer.Serialize<object>(outcome.Value!, Problems.JsonOptions));
        }

        var status = Problems.StatusOf(refusal.Kind);
        var problem = new Dictionary<string, object?> { ["type"] = Problems.TypeFor(status), ["title"] = refusal.Title, ["status"] = status, ["detail"] = refusal.Detail };
        foreach (var (name, value) in refusal.Extensions ?? new Dictionary<string, object?>())
        {
            problem[name] = value;
        }

        return (status, JsonSerializer.Serialize(problem, Problems.JsonOptions));
    }

    /// <summary>The kept answer again: the same JSON (replayed: true) or the same refusal, both with Idempotent-Replayed.</summary>
    private static Outcome<AfterSalesActionAnswer> Replay(int status, string json)
    {
        if (status < 400)
        {
            return Outcome<AfterSalesActionAnswer>.Ok(new ReplayedAnswer(json)) with { Headers = new Dictionary<string, string> { ["Idempotent-Replayed"] = "true" } };
        }

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var kind = status switch
        {
            400 => RefusalKind.Invalid,
            404 => RefusalKind.NotFound,
            409 => RefusalKind.Conflict,
            502 => RefusalKind.BadGateway,
            503 => RefusalKind.Unavailable,
            _ => RefusalKind.Unprocessable,
        };
        return new Refusal(kind, root.TryGetProperty("detail", out var detail) ? detail.GetString() ?? "" : "")
        {
            Title = root.TryGetProperty("title", out var title) ? title.GetString() : null,
            Extensions = root.TryGetProperty("tikTok", out var tiktok) ? new Dictionary<string, object?> { ["tikTok"] = tiktok.Clone() } : null,
            Headers = new Dictionary<string, string> { ["Idempotent-Replayed"] = "true" },
        };
    }

    private async Task<ShopRecord?> ShopAsync(string shopId, CancellationToken cancellationToken) => await shops.GetAsync(shopId, cancellationToken);

    private async Task<(ShopRecord Shop, StoredOrder Order)?> FindOrderAsync(string merchantId, string orderId, string? shopId, CancellationToken cancellationToken)
    {
        foreach (var shop in await shops.ListByMerchantAsync(merchantId, cancellationToken))
        {
            if ((shopId is null || shop.ShopId == shopId) && await orders.GetAsync(shop.ShopId, orderId, cancellationToken) is { } found && found.Order.MerchantId == merchantId)
            {
                return (shop, found.Order);
            }
        }

        return null;
    }

    private static string Hash(params string?[] parts) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(parts))));

    /// <summary>TikTok did not answer (after the client's retries): nothing changed, the key is released, the caller may retry.</summary>
    private sealed class TransientAnswerException(Refusal refusal, Exception inner) : Exception(inner.Message, inner)
    {
        public Refusal Refusal { get; } = refusal;
    }

    /// <summary>An action's outcome and whether it is kept under the idempotency key (successes and TikTok's refusals; the connector's own refusals leave the key free).</summary>
    private readonly record struct Answer(Outcome<AfterSalesActionAnswer> Outcome, bool Keep)
    {
        public static implicit operator Answer(Refusal refusal) => new(refusal, Keep: false);

        public static implicit operator Answer(DecisionAnswer answer) => new(answer, Keep: true);

        public static implicit operator Answer(SellerCancelAnswer answer) => new(answer, Keep: true);
    }

    [LoggerMessage(EventId = 9201, Level = LogLevel.Information, Message = "After-sales {RequestId} of order {OrderId}, shop {ShopId}: {Action} ({Decision}) sent to TikTok by {By}")]
    private partial void LogAnswered(string shopId, string orderId, string requestId, AfterSalesAction action, string decision, string by);

    [LoggerMessage(EventId = 9202, Level = LogLevel.Warning,
        Message = "After-sales {RequestId} of order {OrderId}, shop {ShopId}: TikTok refused {Action} (code {Code}: {TikTokMessage}, request {TikTokRequestId})")]
    private partial void LogRefused(string shopId, string orderId, string requestId, AfterSalesAction action, long? code, string tikTokMessage, string? tikTokRequestId);

    [LoggerMessage(EventId = 9203, Level = LogLevel.Information, Message = "Order {OrderId} of shop {ShopId} cancelled on TikTok ({CancelId}, reason {Reason}, partial {Partial}) by {By}")]
    private partial void LogCancelled(string shopId, string orderId, string cancelId, string reason, bool partial, string by);

    [LoggerMessage(EventId = 9208, Level = LogLevel.Information,
        Message = "Seller cancellation of order {OrderId}, shop {ShopId}: TikTok refused the retry (code {Code}) but holds cancellation {CancelId} made by an attempt whose answer was lost")]
    private partial void LogCancelFoundAfterRefusal(string shopId, string orderId, string cancelId, long? code);

    [LoggerMessage(EventId = 9204, Level = LogLevel.Warning, Message = "Order {OrderId} of shop {ShopId}: TikTok refused the seller cancellation (code {Code}: {TikTokMessage}, request {TikTokRequestId})")]
    private partial void LogCancelRefused(string shopId, string orderId, long? code, string tikTokMessage, string? tikTokRequestId);

    [LoggerMessage(EventId = 9205, Level = LogLevel.Information, Message = "Cancellation {RequestId} of order {OrderId}, shop {ShopId} approved automatically (the back office had not taken the order)")]
    private partial void LogAutoApproved(string shopId, string orderId, string requestId);

    [LoggerMessage(EventId = 9206, Level = LogLevel.Warning,
        Message = "Cancellation {RequestId} of order {OrderId}, shop {ShopId}: TikTok refused the automatic approval (code {Code}: {TikTokMessage}, request {TikTokRequestId}); it waits for the back office")]
    private partial void LogAutoApprovalRefused(string shopId, string orderId, string requestId, long? code, string tikTokMessage, string? tikTokRequestId);
}
