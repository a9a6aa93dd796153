using System.Text.Json;
using Connector.Orders;
using Connector.Shops;
using Connector.Storage;
using Connector.Support;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;

namespace Connector.AfterSales;

/// <summary>
/// Brings TikTok's cancellations and returns into the connector: reads them from TikTok (by id, by order or by update time),
/// stores them (<see cref="AfterSalesRules"/>: the newest update_time wins) and applies what they mean to the stored order through
/// <see cref="OrderRules"/>: a buyer's open cancellation makes it CancellationRequested, a closed one puts it back, an accepted one
/// re-reads the order from TikTok (Cancelled, or the cancelled lines). Keeps the order's after-sales summary (requests, refunds).
/// Idempotent: applying the same version twice changes nothing.
/// </summary>
public sealed partial class AfterSalesSync(
    AfterSalesStore store,
    OrderStore orders,
    OrderImporter importer,
    IOrderPullShops orderShops,
    ITikTokShopClient tiktok,
    SupportCaseStore cases,
    TimeProvider time,
    ILogger<AfterSalesSync> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TikTokShopRef Ref(ShopRecord shop) => new(shop.ShopId, shop.Cipher);

    /// <summary>Reads one cancellation from TikTok and applies it; null when TikTok has none with this id.</summary>
    public async Task<AfterSalesRequest?> RefreshCancellationAsync(ShopRecord shop, string cancelId, string source, CancellationToken cancellationToken)
    {
        var page = await tiktok.SearchCancellationsAsync(Ref(shop), new TikTokCancellationSearch { CancelIds = [cancelId] }, new TikTokPageRequest(), cancellationToken);
        return page.Cancellations.FirstOrDefault(c => c.CancelId == cancelId) is { } found ? await ApplyAsync(shop, found, source, cancellationToken) : null;
    }

    /// <summary>Reads one return from TikTok (with its records) and applies it; null when TikTok has none with this id.</summary>
    public async Task<AfterSalesRequest?> RefreshReturnAsync(ShopRecord shop, string returnId, string source, CancellationToken cancellationToken)
    {
        var page = await tiktok.SearchReturnsAsync(Ref(shop), new TikTokReturnSearch { ReturnIds = [returnId] }, new TikTokPageRequest(), cancellationToken);
        return page.ReturnOrders.FirstOrDefault(r => r.ReturnId == returnId) is { } found ? await ApplyAsync(shop, found, source, cancellationToken) : null;
    }

    /// <summary>Reads the request again from TikTok (after an answer).</summary>
    public Task<AfterSalesRequest?> RefreshAsync(ShopRecord shop, AfterSalesRequest request, string source, CancellationToken cancellationToken) =>
        request.Kind == AfterSalesKind.Cancellation
            ? RefreshCancellationAsync(shop, request.RequestId, source, cancellationToken)
            : RefreshReturnAsync(shop, request.RequestId, source, cancellationToken);

    public async Task<AfterSalesRequest> ApplyAsync(ShopRecord shop, TikTokCancellation cancellation, string source, CancellationToken cancellationToken)
    {
        var (stored, changed) = await UpsertAsync(shop, AfterSalesKind.Cancellation, cancellation.CancelId,
            (previous, now) => Task.FromResult(AfterSalesRules.FromCancellation(cancellation, previous, shop.MerchantId, shop.ShopId, source, now)), cancellationToken);
        await ApplyToOrderAsync(shop, stored, changed, source, cancellationToken);
        return stored;
    }

    public async Task<AfterSalesRequest> ApplyAsync(ShopRecord shop, TikTokReturn tiktokReturn, string source, CancellationToken cancellationToken)
    {
        var (stored, changed) = await UpsertAsync(shop, AfterSalesKind.Return, tiktokReturn.ReturnId, async (previous, now) =>
        {
            // The records (the buyer's pictures and videos) are read when the request is new or its status moved.
            var records = previous is null || previous.TikTokStatus != tiktokReturn.ReturnStatus || previous.Evidence.Count == 0
                ? await tiktok.GetReturnRecordsAsync(Ref(shop), tiktokReturn.ReturnId, null, cancellationToken)
                : null;
            return AfterSalesRules.FromReturn(tiktokReturn, records, previous, shop.MerchantId, shop.ShopId, source, now);
        }, cancellationToken);
        await ApplyToOrderAsync(shop, stored, changed, source, cancellationToken);
        return stored;
    }

    /// <summary>Records an answer the connector gave TikTok on the stored request (before it is read again from TikTok).</summary>
    public Task<AfterSalesRequest> RecordDecisionAsync(AfterSalesRequest request, AfterSalesDecision decision, CancellationToken cancellationToken) =>
        UpdateStoredAsync(request.MerchantId, request.Kind, request.RequestId, r => r with { Decisions = r.Decisions.Append(decision).ToArray(), UpdatedAt = time.GetUtcNow() }, cancellationToken);

    /// <summary>Changes the stored order through <paramref name="change"/> (an <see cref="OrderRules"/> transition), retrying on a race; null when absent or unchanged.</summary>
    public Task<StoredOrder?> UpdateOrderAsync(string shopId, string orderId, Func<StoredOrder, StoredOrder?> change, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async _ =>
        {
            if (await orders.GetAsync(shopId, orderId, cancellationToken) is not { } found || change(found.Order) is not { } changed)
            {
                return null;
            }

            await orders.SaveAsync(shopId, [new VersionedOrder(changed, found.ETag)], cancellationToken);
            return (StoredOrder?)changed;
        });

    /// <summary>Reads the order from TikTok and stores it like the order pull would (only orders the connector already holds).</summary>
    public async Task ImportOrderAsync(ShopRecord shop, string orderId, string source, CancellationToken cancellationToken)
    {
        var pull = await orderShops.FindAsync(shop.ShopId, cancellationToken);
        if (pull is null || await orders.GetAsync(shop.ShopId, orderId, cancellationToken) is null)
        {
            return;
        }

        var fetched = await tiktok.GetOrdersAsync(Ref(shop), [orderId], cancellationToken);
        if (fetched.Count == 0)
        {
            return;
        }

        var result = await importer.ImportAsync(new OrderShopContext(shop.ShopId, shop.MerchantId, pull.Settings), fetched,
            source == AfterSalesSources.Webhook ? OrderSources.Webhook : OrderSources.Poll, cancellationToken);
        foreach (var cancelled in result.CancelledAfterRelease)
        {
            await orderShops.CancelledAfterReleaseAsync(cancelled, cancellationToken);
        }
    }

    /// <summary>
    /// What the request means for its order: the cancellation state (always: the order may have arrived after the request), a
    /// fresh copy of the order from TikTok when the request just changed (TikTok changed the order with it), the summary.
    /// </summary>
    private async Task ApplyToOrderAsync(ShopRecord shop, AfterSalesRequest request, bool changed, string source, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (request.Kind == AfterSalesKind.Cancellation && AfterSalesRules.IsBuyerRequest(request))
        {
            if (request.State == AfterSalesState.Requested)
            {
                await UpdateOrderAsync(shop.ShopId, request.OrderId,
                    o => OrderRules.RequestCancellation(o, request.RequestId, request.Reason, request.ReasonText, request.Deadline, now), cancellationToken);
            }
            else if (request.State is AfterSalesState.Rejected or AfterSalesState.Closed)
            {
                var why = request.State == AfterSalesState.Rejected ? "The cancellation request was rejected." : "The buyer's cancellation request was withdrawn or closed.";
                await UpdateOrderAsync(shop.ShopId, request.OrderId, o => o.CancellationRequest?.CancelId is { } id && id != request.RequestId ? null : OrderRules.CancellationClosed(o, why, now),
                    cancellationToken);
            }
        }

        if (changed && request.Kind == AfterSalesKind.Cancellation && request.State is AfterSalesState.Approved or AfterSalesState.Completed or AfterSalesState.Rejected or AfterSalesState.Closed)
        {
            await ImportOrderAsync(shop, request.OrderId, source, cancellationToken);
        }

        var summary = AfterSalesRules.Summarize(await store.ForOrderAsync(shop.MerchantId, shop.ShopId, request.OrderId, cancellationToken));
        var summaryJson = JsonSerializer.Serialize(summary, Json);
        await UpdateOrderAsync(shop.ShopId, request.OrderId,
            o => o.AfterSales is not null && JsonSerializer.Serialize(o.AfterSales, Json) == summaryJson ? null : o with { AfterSales = summary, UpdatedAt = now }, cancellationToken);

        if (!request.AwaitsSeller)
        {
            await ResolveDeadlineCaseAsync(request, cancellationToken);
        }
    }

    private async Task ResolveDeadlineCaseAsync(AfterSalesRequest request, CancellationToken cancellationToken)
    {
        foreach (var key in AfterSalesDeadlines.CaseKeys(request))
        {
            var caseId = SupportCaseStore.CaseId(key);
            if (await cases.GetAsync(caseId, cancellationToken) is { Status: SupportCaseStatus.Open })
            {
                await cases.ResolveAsync(caseId, $"Answered: the request is now {request.State} (TikTok status {request.TikTokStatus}).", "connector", cancellationToken);
            }
        }
    }

    /// <summary>Stores TikTok's version unless the stored one is newer or the same; answers the stored request and whether it changed.</summary>
    private Task<(AfterSalesRequest Request, bool Changed)> UpsertAsync(ShopRecord shop, AfterSalesKind kind, string requestId,
        Func<AfterSalesRequest?, DateTimeOffset, Task<AfterSalesRequest?>> build, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async _ =>
        {
            var found = await store.GetAsync(shop.MerchantId, kind, requestId, cancellationToken);
            var next = await build(found?.Request, time.GetUtcNow());
            if (next is null)
            {
                LogOlder(shop.ShopId, kind, requestId);
                return (found!.Request, false);
            }

            if (found is not null && Same(found.Request, next))
            {
                return (found.Request, false);
            }

            await store.SaveAsync(next, found, cancellationToken);
            LogStored(shop.ShopId, next.OrderId, kind, requestId, next.State, next.TikTokStatus, next.Source);
            return (next, true);
        });

    private Task<AfterSalesRequest> UpdateStoredAsync(string merchantId, AfterSalesKind kind, string requestId, Func<AfterSalesRequest, AfterSalesRequest> change,
        CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async _ =>
        {
            var found = await store.GetAsync(merchantId, kind, requestId, cancellationToken)
                ?? throw new InvalidOperationException($"After-sales request {requestId} of merchant {merchantId} is not stored.");
            var changed = change(found.Request);
            await store.SaveAsync(changed, found, cancellationToken);
            return changed;
        });

    /// <summary>The same TikTok version with nothing new (UpdatedAt, Source and ReceivedAt aside).</summary>
    private static bool Same(AfterSalesRequest a, AfterSalesRequest b) =>
        JsonSerializer.Serialize(a with { UpdatedAt = default, Source = "", ReceivedAt = default }, Json)
        == JsonSerializer.Serialize(b with { UpdatedAt = default, Source = "", ReceivedAt = default }, Json);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information,
        Message = "After-sales {Kind} {RequestId} of order {OrderId}, shop {ShopId} stored: {State} (TikTok {TikTokStatus}, by {Source})")]
    private partial void LogStored(string shopId, string orderId, AfterSalesKind kind, string requestId, AfterSalesState state, string tikTokStatus, string source);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "After-sales {Kind} {RequestId} of shop {ShopId}: an older version arrived; the stored one is newer")]
    private partial void LogOlder(string shopId, AfterSalesKind kind, string requestId);
}

public static class AfterSalesSources
{
    public const string Webhook = "webhook";
    public const string Poll = "poll";
    public const string Action = "action";
}
