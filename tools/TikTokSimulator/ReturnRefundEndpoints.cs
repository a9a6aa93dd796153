using System.Globalization;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Primitives;
using static TikTokSimulator.ControlBody;

namespace TikTokSimulator;

/// <summary>
/// TikTok's return_refund API (api-reference/return-and-refund/) answered from <see cref="SimulatorState"/> in TikTok's documented
/// shapes, and its control routes under <c>/_sim/</c> (the buyer's side: ask to cancel, return, ship back, withdraw; the deadline).
/// </summary>
internal static class ReturnRefundEndpoints
{
    public static void MapOpenApi(WebApplication app, SimulatorState state)
    {
        app.MapPost("/return_refund/202309/cancellations/search", (HttpContext c) =>
        {
            var filter = Envelope.Body<CancellationFilter>(c);
            var query = PageQuery(c, minimum: 1);
            return Envelope.Ok(c, state, () =>
            {
                var shop = Shop(c);
                state.ProgressReverse(shop);
                var statuses = filter.CancelStatus?.Select(s => s == "CANCELLATION_REQUEST_CANCEL" ? SimulatorState.CancellationClosed : s).ToList();
                var matching = shop.Cancellations.Values.Where(r =>
                    (filter.OrderIds is not { Count: > 0 } || filter.OrderIds.Contains(r.OrderId)) &&
                    (filter.CancelIds is not { Count: > 0 } || filter.CancelIds.Contains(r.Id)) &&
                    (filter.CancelTypes is not { Count: > 0 } || filter.CancelTypes.Contains(r.Type)) &&
                    (statuses is not { Count: > 0 } || statuses.Contains(r.Status)) &&
                    InRange(r.CreateTime, filter.CreateTimeGe, filter.CreateTimeLt) &&
                    InRange(r.UpdateTime, filter.UpdateTimeGe, filter.UpdateTimeLt));
                var page = Paging.Paginate(matching, SortValue, r => r.Id, query, TikTokMaxPageSize, "create_time");
                return new { cancellations = page.Items.Select(Cancellation).ToList(), total_count = page.TotalCount, next_page_token = page.NextPageToken };
            });
        });

        app.MapPost("/return_refund/202309/returns/search", (HttpContext c) =>
        {
            var filter = Envelope.Body<ReturnFilter>(c);
            var query = PageQuery(c, minimum: 10);
            return Envelope.Ok(c, state, () =>
            {
                var shop = Shop(c);
                state.ProgressReverse(shop);
                var matching = shop.Returns.Values.Where(r =>
                    (filter.OrderIds is not { Count: > 0 } || filter.OrderIds.Contains(r.OrderId)) &&
                    (filter.ReturnIds is not { Count: > 0 } || filter.ReturnIds.Contains(r.Id)) &&
                    (filter.ReturnTypes is not { Count: > 0 } || filter.ReturnTypes.Contains(r.Type)) &&
                    (filter.ReturnStatus is not { Count: > 0 } || filter.ReturnStatus.Contains(r.Status)) &&
                    InRange(r.CreateTime, filter.CreateTimeGe, filter.CreateTimeLt) &&
                    InRange(r.UpdateTime, filter.UpdateTimeGe, filter.UpdateTimeLt));
                var page = Paging.Paginate(matching, SortValue, r => r.Id, query, TikTokMaxPageSize, "create_time");
                return new { return_orders = page.Items.Select(Return).ToList(), total_count = page.TotalCount, next_page_token = page.NextPageToken };
            });
        });

        app.MapPost("/return_refund/202309/cancellations/{cancel_id}/approve", (HttpContext c, string cancel_id) =>
            Envelope.Ok(c, state, () =>
            {
                state.DecideCancellation(Shop(c), cancel_id, approve: true, c.Request.Query["idempotency_key"], null);
                return new { };
            }));

        app.MapPost("/return_refund/202309/cancellations/{cancel_id}/reject", (HttpContext c, string cancel_id) =>
        {
            var body = Envelope.Body<Rejection>(c);
            if (string.IsNullOrWhiteSpace(body.RejectReason))
            {
                throw new SimException(400, 25001001, "An invalid request parameter was passed: reject_reason is required.");
            }

            return Envelope.Ok(c, state, () =>
            {
                state.DecideCancellation(Shop(c), cancel_id, approve: false, c.Request.Query["idempotency_key"], body.RejectReason);
                return new { };
            });
        });

        app.MapPost("/return_refund/202309/returns/{return_id}/approve", (HttpContext c, string return_id) =>
        {
            var body = Envelope.Body<ReturnDecision>(c);
            return Envelope.Ok(c, state, () =>
            {
                state.DecideReturn(Shop(c), return_id, approve: true, c.Request.Query["idempotency_key"], body.Decision, null, body.BuyerKeepItem);
                return new { };
            });
        });

        app.MapPost("/return_refund/202309/returns/{return_id}/reject", (HttpContext c, string return_id) =>
        {
            var body = Envelope.Body<ReturnDecision>(c);
            if (string.IsNullOrWhiteSpace(body.RejectReason))
            {
                throw new SimException(400, 25001001, "An invalid request parameter was passed: reject_reason is required.");
            }

            return Envelope.Ok(c, state, () =>
            {
                state.DecideReturn(Shop(c), return_id, approve: false, c.Request.Query["idempotency_key"], body.Decision, body.RejectReason, null);
                return new { };
            });
        });

        app.MapPost("/return_refund/202309/cancellations", (HttpContext c) =>
        {
            var body = Envelope.Body<CancelOrderBody>(c);
            return Envelope.Ok(c, state, () =>
            {
                var request = state.SellerCancel(Shop(c), body.OrderId, body.OrderLineItemIds, body.CancelReason);
                return new { cancel_id = request.Id, cancel_status = SimulatorState.CancellationSuccess };
            });
        });

        app.MapGet("/return_refund/202309/reject_reasons", (HttpContext c) =>
            Envelope.Ok(c, state, () => new
            {
                reasons = state.RejectReasons(Shop(c), c.Request.Query["return_or_cancel_id"]).Select(r => new { name = r.Name, text = r.Text }).ToList(),
            }));

        app.MapGet("/return_refund/202309/returns/{return_id}/records", (HttpContext c, string return_id) =>
            Envelope.Ok(c, state, () => new
            {
                records = state.ReturnRecords(Shop(c), return_id).Select(r => new
                {
                    @event = r.Event, role = r.Role, description = r.Description, reason_text = r.ReasonText, note = r.Note,
                    images = r.Images.Select(url => new { url, width = 200, height = 200 }).ToList(),
                    videos = Array.Empty<object>(),
                    create_time = r.CreateTime,
                }).ToList(),
            }));
    }

    public static void MapControl(WebApplication app, TikTokSimulatorServer sim)
    {
        var state = sim.State;
        var g = app.MapGroup("/_sim");

        g.MapPut("/apps/{appKey}/webhook-url", (HttpContext c, string appKey) =>
        {
            var body = Body<WebhookUrlInput>(c);
            state.SetWebhookUrl(appKey, string.IsNullOrWhiteSpace(body.Url) ? null : new Uri(body.Url));
            return Results.Json(new { app_key = appKey, url = body.Url }, SimJson.Options);
        });

        g.MapGet("/webhook-deliveries", () => Results.Bytes(state.Snapshot(() => state.WebhookDeliveries()), "application/json"));

        g.MapPost("/shops/{shopId}/orders/{orderId}/cancellation-requests", (HttpContext c, string shopId, string orderId) =>
            View(state, state.RequestCancellation(shopId, orderId, Body<ReverseInput>(c).Reason)));

        g.MapPost("/shops/{shopId}/orders/{orderId}/return-requests", (HttpContext c, string shopId, string orderId) =>
        {
            var body = Body<ReverseInput>(c);
            return View(state, state.RequestReturn(shopId, orderId, body.LineItemIds, body.Reason, body.Type ?? "RETURN_AND_REFUND", body.Images));
        });

        g.MapPost("/shops/{shopId}/cancellations/{cancelId}/withdraw", (string shopId, string cancelId) => View(state, state.WithdrawCancellation(shopId, cancelId)));

        g.MapPost("/shops/{shopId}/returns/{returnId}/ship", (HttpContext c, string shopId, string returnId) =>
        {
            var body = Body<ShipInput>(c);
            return View(state, state.ShipReturn(shopId, returnId, body.TrackingNumber ?? "RT000000001GB", body.Provider ?? "Royal Mail"));
        });

        g.MapPost("/shops/{shopId}/returns/{returnId}/withdraw", (string shopId, string returnId) => View(state, state.WithdrawReturn(shopId, returnId)));

        g.MapPost("/shops/{shopId}/after-sales/{requestId}/expire", (string shopId, string requestId) => View(state, state.ExpireDeadline(shopId, requestId)));
    }

    /// <summary>TikTok's largest page of these searches (search-cancellations: 1-50, search-returns: 10-50).</summary>
    public const int TikTokMaxPageSize = 50;

    /// <summary>The page query with TikTok's defaults (10 per page, create_time ascending); a size outside TikTok's range is refused.</summary>
    private static IQueryCollection PageQuery(HttpContext c, int minimum)
    {
        var values = c.Request.Query.ToDictionary(p => p.Key, p => p.Value);
        if (!values.TryGetValue("page_size", out var size) || StringValues.IsNullOrEmpty(size))
        {
            values["page_size"] = "10";
        }
        else if (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < minimum || n > TikTokMaxPageSize)
        {
            throw new SimException(400, 25001001, $"An invalid request parameter was passed: page_size must be between {minimum} and {TikTokMaxPageSize}.");
        }

        if (!values.ContainsKey("sort_order"))
        {
            values["sort_order"] = "ASC";
        }

        return new QueryCollection(values);
    }

    private static long SortValue(SimReverse r, string field) => field == "update_time" ? r.UpdateTime : r.CreateTime;

    private static bool InRange(long value, long? from, long? to) => (from is null || value >= from) && (to is null || value < to);

    private static SimShop Shop(HttpContext c) => (SimShop)c.Items[Gate.ShopKey]!;

    private static string Money(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static object Refund(string currency, decimal subtotal, decimal shipping) => new
    {
        currency, refund_total = Money(subtotal + shipping), refund_subtotal = Money(subtotal), refund_shipping_fee = Money(shipping), refund_tax = Money(0m),
    };

    private static List<object> NextAction(SimReverse r) => r.NextAction is null ? [] : [new { action = r.NextAction, deadline = r.Deadline }];

    private static object Cancellation(SimReverse r) => new
    {
        order_id = r.OrderId, cancel_type = r.Type, cancel_status = r.Status, role = r.Role, cancel_reason = r.Reason, cancel_reason_text = r.ReasonText,
        create_time = r.CreateTime, update_time = r.UpdateTime, seller_next_action_response = NextAction(r),
        refund_amount = Refund(r.Currency, r.RefundSubtotal, r.ShippingRefund),
        cancel_line_items = r.LineItems.Select(l => new
        {
            cancel_line_item_id = "4035" + l.Id[4..], order_line_item_id = l.Id, sku_id = l.SkuId, sku_name = l.SkuName, product_name = l.ProductName, seller_sku = l.SellerSku,
            refund_amount = Refund(r.Currency, l.SalePrice, 0m),
        }).ToList(),
        cancel_id = r.Id,
    };

    private static object Return(SimReverse r) => new
    {
        order_id = r.OrderId, return_id = r.Id, return_type = r.Type, return_status = r.Status, arbitration_status = r.ArbitrationStatus, role = r.Role,
        return_reason = r.Reason, return_reason_text = r.ReasonText, shipment_type = r.ShipmentType, handover_method = r.HandoverMethod,
        return_tracking_number = r.ReturnTrackingNumber, return_provider_name = r.ReturnProviderName, return_provider_id = r.ReturnProviderId,
        can_buyer_keep_item = r.CanBuyerKeepItem, update_time = r.UpdateTime, seller_next_action_response = NextAction(r), create_time = r.CreateTime,
        return_line_items = r.LineItems.Select(l => new
        {
            return_line_item_id = "4036" + l.Id[4..], order_line_item_id = l.Id, sku_id = l.SkuId, sku_name = l.SkuName, product_name = l.ProductName, seller_sku = l.SellerSku,
            refund_amount = Refund(r.Currency, l.SalePrice, 0m),
        }).ToList(),
        refund_amount = Refund(r.Currency, r.RefundSubtotal, r.ShippingRefund),
        return_method = r.ShipmentType == "PLATFORM" ? "PLATFORM_SHIPPED" : "BUYER_SHIPPED",
        is_combined_return = false,
    };

    private static IResult View(SimulatorState state, SimReverse r) => Results.Bytes(state.Snapshot(() => new
    {
        id = r.Id, order_id = r.OrderId, kind = r.IsCancellation ? "cancellation" : "return", type = r.Type, status = r.Status, role = r.Role, reason = r.Reason,
        deadline = r.Deadline, return_tracking_number = r.ReturnTrackingNumber,
    }), "application/json");

    private sealed record CancellationFilter(List<string>? CancelIds, List<string>? OrderIds, List<string>? CancelTypes, List<string>? CancelStatus,
        long? CreateTimeGe, long? CreateTimeLt, long? UpdateTimeGe, long? UpdateTimeLt, string? Locale);

    private sealed record ReturnFilter(List<string>? ReturnIds, List<string>? OrderIds, List<string>? ReturnTypes, List<string>? ReturnStatus,
        long? CreateTimeGe, long? CreateTimeLt, long? UpdateTimeGe, long? UpdateTimeLt, string? Locale);

    private sealed record Rejection(string? RejectReason, string? Comment);

    private sealed record ReturnDecision(string? Decision, string? RejectReason, string? Comment, bool? BuyerKeepItem);

    private sealed record CancelOrderBody(string? OrderId, List<string>? OrderLineItemIds, string? CancelReason);

    private sealed record WebhookUrlInput(string? Url);

    private sealed record ReverseInput(string? Reason, List<string>? LineItemIds, string? Type, List<string>? Images);

    private sealed record ShipInput(string? TrackingNumber, string? Provider);
}
