using Azure.Data.Tables;
using Connector.Messaging;
using Connector.Runs;
using Connector.Shops;
using Connector.Storage;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.AfterSales;

/// <summary>One after-sales pull of one shop (queue <c>%AfterSalesQueue%</c>).</summary>
public sealed record AfterSalesPullMessage(string ShopId, string Trigger = "schedule");

/// <summary>
/// The safety net behind webhooks 11 and 12: every 15 minutes (<c>AfterSalesPullSchedule</c>, like the order pull) each Active shop's
/// cancellations and returns updated since its watermark are read from TikTok's searches and applied like a webhook's. The same
/// timer opens support cases for requests close to their deadline. Each pull is an <c>AfterSalesPull</c> run.
/// </summary>
public sealed partial class AfterSalesPull(
    ShopRepository shops,
    AfterSalesIntake intake,
    ITikTokShopClient tiktok,
    AfterSalesDeadlines deadlines,
    MessageQueue messages,
    QueueNames queues,
    RunStore runs,
    StorageClients storage,
    IOptions<AfterSalesOptions> options,
    TimeProvider time,
    ILogger<AfterSalesPull> logger)
{
    public const string CheckpointTable = "AfterSalesCheckpoints";
    public const string RunKind = "AfterSalesPull";
    private const int MaxPages = 200;

    /// <summary>The timer: one message per Active shop, then the deadline check.</summary>
    public async Task RunScheduleAsync(CancellationToken cancellationToken)
    {
        var sent = await messages.FanOutAsync(queues.Get(AfterSalesQueues.PullSetting), shops.AllByStatusAsync(ShopStatus.Active, cancellationToken).Select(s => s.ShopId),
            id => new AfterSalesPullMessage(id), cancellationToken);
        LogFannedOut(sent);
        await deadlines.CheckAsync(cancellationToken);
    }

    public async Task HandleAsync(AfterSalesPullMessage message, CancellationToken cancellationToken)
    {
        var shop = await shops.GetAsync(message.ShopId, cancellationToken);
        if (shop is not { Status: ShopStatus.Active })
        {
            return;
        }

        var now = time.GetUtcNow();
        var table = await storage.TableAsync(CheckpointTable, cancellationToken);
        var checkpoint = await table.GetEntityIfExistsAsync<TableEntity>("checkpoint", TableKeys.Escape(shop.ShopId), cancellationToken: cancellationToken);
        var watermark = checkpoint.HasValue ? checkpoint.Value!.GetInt64("Watermark") : null;
        var from = watermark is { } w ? w - (long)options.Value.PullOverlap.TotalSeconds : TikTokTime.ToUnix(now - options.Value.FirstPullLookBack);
        var until = TikTokTime.ToUnix(now);
        var run = RunRecord.Start(shop.ShopId, RunKind, message.Trigger, now);
        try
        {
            await runs.RecordAsync(run, async () =>
            {
                var (pages, cancellations, returnsRead) = await PullAsync(shop, from, until, cancellationToken);
                await table.UpsertEntityAsync(new TableEntity("checkpoint", TableKeys.Escape(shop.ShopId)) { ["Watermark"] = until, ["UpdatedAt"] = time.GetUtcNow() },
                    TableUpdateMode.Replace, cancellationToken);
                LogPulled(shop.ShopId, cancellations, returnsRead);
                var counts = new Dictionary<string, long> { ["pages"] = pages, ["cancellations"] = cancellations, ["returns"] = returnsRead };
                var details = new Dictionary<string, string>
                {
                    ["updateTimeFrom"] = from.ToString(System.Globalization.CultureInfo.InvariantCulture), ["updateTimeTo"] = until.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                return (true, run.Succeeded(time.GetUtcNow(), counts, details));
            }, time, cancellationToken);
        }
        catch (TikTokException e) when (!e.IsRetryable)
        {
            // Recorded as a failed run; retrying cannot help, the next schedule tries again.
            LogFailed(shop.ShopId, e.Message);
        }
    }

    /// <summary>Every cancellation, then every return, updated in [from, until): applied like webhooks.</summary>
    private async Task<(long Pages, long Cancellations, long Returns)> PullAsync(ShopRecord shop, long from, long until, CancellationToken cancellationToken)
    {
        long cancellations = 0, returnsRead = 0, pages = 0;
        var shopRef = AfterSalesSync.Ref(shop);
        string? token = null;
        do
        {
            var page = await tiktok.SearchCancellationsAsync(shopRef, new TikTokCancellationSearch { UpdateTimeGe = from, UpdateTimeLt = until },
                new TikTokPageRequest(token, SortField: TikTokSortField.UpdateTime, SortOrder: TikTokSortOrder.Ascending), cancellationToken);
            pages++;
            foreach (var cancellation in page.Cancellations)
            {
                await intake.CancellationAsync(shop, cancellation, AfterSalesSources.Poll, cancellationToken);
                cancellations++;
            }

            token = string.IsNullOrEmpty(page.NextPageToken) || page.Cancellations.Count == 0 ? null : page.NextPageToken;
        }
        while (token is not null && pages < MaxPages);

        token = null;
        do
        {
            var page = await tiktok.SearchReturnsAsync(shopRef, new TikTokReturnSearch { UpdateTimeGe = from, UpdateTimeLt = until },
                new TikTokPageRequest(token, SortField: TikTokSortField.UpdateTime, SortOrder: TikTokSortOrder.Ascending), cancellationToken);
            pages++;
            foreach (var tiktokReturn in page.ReturnOrders)
            {
                await intake.ReturnAsync(shop, tiktokReturn, AfterSalesSources.Poll, cancellationToken);
                returnsRead++;
            }

            token = string.IsNullOrEmpty(page.NextPageToken) || page.ReturnOrders.Count == 0 ? null : page.NextPageToken;
        }
        while (token is not null && pages < 2 * MaxPages);

        return (pages, cancellations, returnsRead);
    }

    [LoggerMessage(EventId = 9301, Level = LogLevel.Information, Message = "After-sales pull: {Count} shops queued")]
    private partial void LogFannedOut(int count);

    [LoggerMessage(EventId = 9302, Level = LogLevel.Information, Message = "After-sales pull of shop {ShopId}: {Cancellations} cancellations, {Returns} returns read")]
    private partial void LogPulled(string shopId, long cancellations, long returns);

    [LoggerMessage(EventId = 9303, Level = LogLevel.Warning, Message = "After-sales pull of shop {ShopId} failed: {Error}")]
    private partial void LogFailed(string shopId, string error);
}

public static class AfterSalesQueues
{
    /// <summary>The setting naming the after-sales pull queue (default <c>after-sales</c>).</summary>
    public const string PullSetting = QueueNames.AfterSalesSetting;
}
