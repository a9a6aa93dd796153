using System.Globalization;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Storage;
using Connector.TikTok;
using Connector.TikTok.Api;
using Connector.Tokens;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Finance;

/// <summary>The message the finance-sync queue carries: which shop, and why (schedule, admin).</summary>
public sealed record FinanceSyncMessage(string ShopId, string Trigger = "schedule");

/// <summary>
/// One shop's finance sync: TikTok's unsettled orders, then the statements generated in the window (and, for every
/// statement that is new or whose totals changed, its transactions with each newly settled order's SKU split and price
/// detail), then payments and withdrawals. Each page is stored before its position is checkpointed, so a worker that
/// dies resumes where it stopped; the watermarks move only when the whole window is stored. Each window starts
/// <see cref="FinanceOptions.Overlap"/> before the watermarks, so payment status changes are caught; records are
/// stored only when new or changed, so nothing is stored twice. Transient failures rethrow (the host retries, then
/// poisons); a lost authorization marks the shop.
/// </summary>
public sealed partial class FinanceSyncHandler(
    ShopRepository shops,
    FinanceSyncCheckpointStore checkpoints,
    FinanceRecordStore records,
    FinanceLedger ledger,
    RunStore runs,
    ITikTokShopClient tiktok,
    IAuthorizationLoss loss,
    IOptions<FinanceOptions> options,
    TimeProvider time,
    ILogger<FinanceSyncHandler> logger)
{
    private ITikTokShopClient Tiktok => tiktok;

    private FinanceLedger Ledger => ledger;

    private FinanceRecordStore Records => records;

    private FinanceSyncCheckpointStore Checkpoints => checkpoints;

    private IOptions<FinanceOptions> Options => options;

    private TimeProvider Time => time;

    public async Task HandleAsync(FinanceSyncMessage message, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ShopId"] = message.ShopId });
        var shop = await shops.GetAsync(message.ShopId, cancellationToken);
        if (shop is not { Status: ShopStatus.Active })
        {
            LogSkipped(message.ShopId, shop is null ? "unknown shop" : $"the shop is {shop.Status}");
            return;
        }

        var now = time.GetUtcNow();
        var lease = await checkpoints.TryLeaseAsync(shop.ShopId, now, now + options.Value.Lease,
            found => found.WindowOpen ? found : OpenWindow(found, shop, message, now), cancellationToken);
        if (lease.Checkpoint is not { } checkpoint)
        {
            LogSkipped(shop.ShopId, lease.Refusal == CheckpointLeaseRefusal.Held ? "another finance sync of this shop is running" : "another worker took the shop first");
            return;
        }

        var owner = lease.Owner;
        var run = new RunRecord
        {
            ShopId = shop.ShopId,
            RunId = checkpoint.RunId!,
            Kind = RunKinds.FinanceSync,
            Trigger = checkpoint.Trigger ?? message.Trigger,
            StartedAt = checkpoint.RunStartedAt ?? now,
            Details = new Dictionary<string, string>
            {
                ["watermarkBefore"] = Format(checkpoint.StatementsWatermark),
                ["statementsFrom"] = Format(checkpoint.StatementsFrom),
                ["windowTo"] = Format(checkpoint.WindowTo),
            },
        };

        try
        {
            var done = await runs.RecordAsync(run, async () =>
            {
                var finished = await new Sync(this, new TikTokShopRef(shop.ShopId, shop.Cipher), checkpoint, cancellationToken).RunAsync();
                return (finished, finished is null
                    ? run // the lease was lost: the worker that took the shop goes on with this run
                    : run.Succeeded(time.GetUtcNow(), new Dictionary<string, long>(finished.Counts) { ["pages"] = finished.Pages },
                        new Dictionary<string, string>(run.Details) { ["watermarkAfter"] = Format(finished.StatementsWatermark) }));
            }, time, cancellationToken);
            if (done is null)
            {
                LogSkipped(shop.ShopId, "the lease was lost to another worker");
                return;
            }

            LogSynced(shop.ShopId, done.Pages, done.Counts.GetValueOrDefault(FinanceCounts.TransactionsNew), done.Counts.GetValueOrDefault(FinanceCounts.OrdersSettled),
                done.Counts.GetValueOrDefault(FinanceCounts.UnsettledOrders));
        }
        catch (TikTokException ex) when (ex.Kind == TikTokErrorKind.AuthorizationRevoked)
        {
            // The run is recorded Failed; the shop needs the seller again, so retrying the message would not help.
            await ReleaseAsync(shop.ShopId, owner);
            await loss.LostAsync(shop.AuthorizationId, ex, CancellationToken.None);
        }
        catch (Exception)
        {
            // Keep the window and page tokens; release the lease so the retried message resumes at once.
            await ReleaseAsync(shop.ShopId, owner);
            throw;
        }
    }

    private FinanceSyncCheckpoint OpenWindow(FinanceSyncCheckpoint checkpoint, ShopRecord shop, FinanceSyncMessage message, DateTimeOffset now)
    {
        var to = now.ToUnixTimeSeconds();
        var overlap = (long)options.Value.Overlap.TotalSeconds;
        var first = now - options.Value.InitialLookback;
        if (shop.Settings.Orders.ImportStartDate is { } start && start < first)
        {
            first = start;
        }

        var earliest = FinanceRules.StartOf(FinanceRules.EarliestData);
        var initial = Math.Max(earliest, first.ToUnixTimeSeconds());
        long From(long? watermark) => Math.Min(to, watermark is { } w ? Math.Max(earliest, w - overlap) : initial);
        return checkpoint with
        {
            RunId = Guid.NewGuid().ToString("N")[..12],
            Trigger = message.Trigger,
            RunStartedAt = now,
            Stage = FinanceStage.Unsettled,
            StatementsFrom = From(checkpoint.StatementsWatermark),
            PaymentsFrom = From(checkpoint.PaymentsWatermark),
            WithdrawalsFrom = From(checkpoint.WithdrawalsWatermark),
            WindowTo = to,
            PageToken = null,
            StatementIndex = 0,
            TransactionsPageToken = null,
            Pages = 0,
            Counts = new Dictionary<string, long>(),
        };
    }

    private Task ReleaseAsync(string shopId, string owner) => checkpoints.ReleaseAsync(shopId, owner, CancellationToken.None);

    private static string Format(long? unix) => unix is { } u ? DateTimeOffset.FromUnixTimeSeconds(u).ToString("O", CultureInfo.InvariantCulture) : "none";

    /// <summary>One run of the stages over an open window; answers the closed checkpoint, or null when the lease was lost.</summary>
    private sealed class Sync(FinanceSyncHandler handler, TikTokShopRef shop, FinanceSyncCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        private readonly int pageSize = Math.Clamp(handler.Options.Value.PageSize, 1, TikTokShopClient.FinanceMaxPageSize);
        private FinanceSyncCheckpoint current = checkpoint;

        public async Task<FinanceSyncCheckpoint?> RunAsync()
        {
            if (current.Stage == FinanceStage.Unsettled && !await UnsettledAsync())
            {
                return null;
            }

            if (current.Stage == FinanceStage.Statements && !await StatementsAsync())
            {
                return null;
            }

            if (current.Stage == FinanceStage.Payments && !await PaymentsAsync())
            {
                return null;
            }

            if (current.Stage == FinanceStage.Withdrawals && !await WithdrawalsAsync())
            {
                return null;
            }

            // The whole window is stored: move the watermarks and close the window.
            return await handler.Checkpoints.TrySaveAndReleaseAsync(current with
            {
                StatementsWatermark = current.WindowTo,
                PaymentsWatermark = current.WindowTo,
                WithdrawalsWatermark = current.WindowTo,
                RunId = null,
                Stage = FinanceStage.Unsettled,
                PageToken = null,
                StatementIndex = 0,
                TransactionsPageToken = null,
            }, CancellationToken.None);
        }

        private async Task<bool> UnsettledAsync()
        {
            while (true)
            {
                var page = await handler.Tiktok.GetUnsettledTransactionsAsync(shop, null, null, current.PageToken, pageSize, cancellationToken);
                var counts = LedgerCounts.Zero;
                var orders = page.Transactions.Where(t => (t.Type ?? TransactionTypes.Order) == TransactionTypes.Order && !string.IsNullOrEmpty(t.OrderId)).ToArray();
                foreach (var chunk in orders.Chunk(FinanceLedger.OrdersPerCommit))
                {
                    counts = counts.Add(await handler.Ledger.ApplyUnsettledAsync(shop.ShopId, current.RunId!, chunk, handler.Time.GetUtcNow(), cancellationToken));
                }

                var last = string.IsNullOrEmpty(page.NextPageToken);
                var removed = last ? await handler.Ledger.RemoveStaleUnsettledAsync(shop.ShopId, current.RunId!, cancellationToken) : 0;
                if (!await SaveAsync(current.Count(FinanceCounts.UnsettledOrders, orders.Length).Count(FinanceCounts.UnsettledNew, counts.OrdersUnsettled)
                    .Count(FinanceCounts.UnsettledRemoved, removed) with
                {
                    Stage = last ? FinanceStage.Statements : FinanceStage.Unsettled,
                    PageToken = last ? null : page.NextPageToken,
                    Pages = current.Pages + 1,
                }))
                {
                    return false;
                }

                if (last)
                {
                    return true;
                }
            }
        }

        private async Task<bool> StatementsAsync()
        {
            while (true)
            {
                var page = await handler.Tiktok.GetStatementsAsync(shop, current.StatementsFrom, current.WindowTo, current.PageToken, pageSize, cancellationToken);
                var statements = page.Statements.Select(s => FinanceRules.Statement(shop.ShopId, s)).ToArray();
                var stored = await handler.Records.SaveStatementsAsync(shop.ShopId, statements, cancellationToken);
                current = current.Count(FinanceCounts.StatementsNew, stored.New).Count(FinanceCounts.StatementsUpdated, stored.Updated);

                var synced = await handler.Records.TransactionFingerprintsAsync(shop.ShopId, statements, cancellationToken);
                for (var index = current.StatementIndex; index < page.Statements.Count; index++)
                {
                    var statement = page.Statements[index];
                    var fingerprint = FinanceRules.Fingerprint(statement);
                    if (synced.GetValueOrDefault(statement.Id) != fingerprint && !await TransactionsAsync(statement, statements[index], fingerprint))
                    {
                        return false;
                    }

                    if (!await SaveAsync(current with { StatementIndex = index + 1, TransactionsPageToken = null }))
                    {
                        return false;
                    }
                }

                var last = string.IsNullOrEmpty(page.NextPageToken);
                if (!await SaveAsync(current with
                {
                    Stage = last ? FinanceStage.Payments : FinanceStage.Statements,
                    PageToken = last ? null : page.NextPageToken,
                    StatementIndex = 0,
                    TransactionsPageToken = null,
                    Pages = current.Pages + 1,
                }))
                {
                    return false;
                }

                if (last)
                {
                    return true;
                }
            }
        }

        /// <summary>Every transaction of one statement, page by page; then the statement is marked as synced with these totals.</summary>
        private async Task<bool> TransactionsAsync(TikTokStatement statement, StoredStatement stored, string fingerprint)
        {
            while (true)
            {
                var page = await handler.Tiktok.GetStatementTransactionsAsync(shop, statement.Id, current.TransactionsPageToken, pageSize, cancellationToken);
                var transactions = page.Transactions.Select(t => FinanceRules.Transaction(statement.Id, statement.StatementTime, statement.Currency ?? page.Currency, t)).ToArray();
                var counts = LedgerCounts.Zero;
                var failures = 0;
                foreach (var chunk in transactions.Chunk(FinanceLedger.TransactionsPerCommit))
                {
                    counts = counts.Add(await handler.Ledger.ApplySettledAsync(shop.ShopId, chunk, async changed =>
                    {
                        var (details, failed) = await DetailsAsync(changed);
                        failures += failed;
                        return details;
                    }, handler.Time.GetUtcNow(), cancellationToken));
                }

                var last = string.IsNullOrEmpty(page.NextPageToken);
                if (last)
                {
                    await handler.Records.MarkTransactionsSyncedAsync(shop.ShopId, stored, fingerprint, cancellationToken);
                }

                var next = current.Count(FinanceCounts.TransactionsNew, counts.TransactionsNew).Count(FinanceCounts.TransactionsUpdated, counts.TransactionsUpdated)
                    .Count(FinanceCounts.OrdersSettled, counts.OrdersSettled).Count(FinanceCounts.DetailFailures, failures);
                if (!await SaveAsync(next with
                {
                    TransactionsPageToken = last ? null : page.NextPageToken,
                    Pages = current.Pages + 1,
                }))
                {
                    return false;
                }

                if (last)
                {
                    return true;
                }
            }
        }

        /// <summary>
        /// The SKU split and price detail of the orders whose ORDER transactions are new or changed. TikTok refusing one
        /// order (not its seller's, unknown) is kept on the order and the sync goes on; transient errors fail the page.
        /// </summary>
        private async Task<(IReadOnlyDictionary<string, OrderDetails> Details, int Failures)> DetailsAsync(IReadOnlyList<LedgerTransaction> changed)
        {
            var details = new System.Collections.Concurrent.ConcurrentDictionary<string, OrderDetails>(StringComparer.Ordinal);
            if (!handler.Options.Value.FetchOrderDetails)
            {
                return (details, 0);
            }

            var failures = 0;
            var orderIds = changed.Where(t => t.Type == TransactionTypes.Order && t.OrderId is not null).Select(t => t.OrderId!).Distinct(StringComparer.Ordinal);
            await Parallel.ForEachAsync(orderIds, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, handler.Options.Value.OrdersInParallel), CancellationToken = cancellationToken },
                async (orderId, ct) =>
                {
                    try
                    {
                        var skus = await handler.Tiktok.GetOrderStatementTransactionsAsync(shop, orderId, ct);
                        var price = await handler.Tiktok.GetPriceDetailAsync(shop, orderId, ct);
                        details[orderId] = new OrderDetails(skus.SkuTransactions.Select(FinanceRules.Sku).ToArray(), FinanceRules.Price(price), null);
                    }
                    catch (TikTokException e) when (!e.IsRetryable && e.Kind is not (TikTokErrorKind.AuthorizationRevoked or TikTokErrorKind.AccessTokenExpired))
                    {
                        Interlocked.Increment(ref failures);
                        handler.LogDetailsRefused(shop.ShopId, orderId, e.Code, e.Message, e.RequestId);
                        details[orderId] = new OrderDetails(null, null, $"TikTok refused the order's details: {e.Message} (code {e.Code}, request id {e.RequestId})");
                    }
                });
            return (details, failures);
        }

        private async Task<bool> PaymentsAsync()
        {
            while (true)
            {
                var page = await handler.Tiktok.GetPaymentsAsync(shop, current.PaymentsFrom, current.WindowTo, current.PageToken, pageSize, cancellationToken);
                var stored = await handler.Records.SavePaymentsAsync(shop.ShopId, page.Payments.Select(p => FinanceRules.Payment(shop.ShopId, p)).ToArray(), cancellationToken);
                var last = string.IsNullOrEmpty(page.NextPageToken);
                if (!await SaveAsync(current.Count(FinanceCounts.PaymentsNew, stored.New).Count(FinanceCounts.PaymentsUpdated, stored.Updated) with
                {
                    Stage = last ? FinanceStage.Withdrawals : FinanceStage.Payments,
                    PageToken = last ? null : page.NextPageToken,
                    Pages = current.Pages + 1,
                }))
                {
                    return false;
                }

                if (last)
                {
                    return true;
                }
            }
        }

        private async Task<bool> WithdrawalsAsync()
        {
            while (true)
            {
                var page = await handler.Tiktok.GetWithdrawalsAsync(shop, current.WithdrawalsFrom, current.WindowTo, current.PageToken, pageSize, cancellationToken);
                var stored = await handler.Records.SaveWithdrawalsAsync(shop.ShopId, page.Withdrawals.Select(w => FinanceRules.Withdrawal(shop.ShopId, w)).ToArray(), cancellationToken);
                var last = string.IsNullOrEmpty(page.NextPageToken);
                if (!await SaveAsync(current.Count(FinanceCounts.WithdrawalsNew, stored.New).Count(FinanceCounts.WithdrawalsUpdated, stored.Updated) with
                {
                    PageToken = last ? null : page.NextPageToken,
                    Pages = current.Pages + 1,
                }))
                {
                    return false;
                }

                if (last)
                {
                    return true;
                }
            }
        }

        /// <summary>Checkpoints and renews the lease; false when another worker took the shop.</summary>
        private async Task<bool> SaveAsync(FinanceSyncCheckpoint next)
        {
            var saved = await handler.Checkpoints.TryRenewAsync(next, handler.Time.GetUtcNow() + handler.Options.Value.Lease, cancellationToken);
            if (saved is null)
            {
                return false;
            }

            current = saved;
            return true;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Finance sync of shop {ShopId} skipped: {Reason}")]
    private partial void LogSkipped(string shopId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Finance sync of shop {ShopId} done: {Pages} pages, {Transactions} new transactions, {Settled} orders settled, {Unsettled} unsettled")]
    private partial void LogSynced(string shopId, int pages, long transactions, long settled, long unsettled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finance sync of shop {ShopId}: TikTok refused the details of order {OrderId} (code {Code}: {Reason}, request id {RequestId})")]
    private partial void LogDetailsRefused(string shopId, string orderId, long? code, string reason, string? requestId);
}

/// <summary>The counters of a FinanceSync run record.</summary>
public static class FinanceCounts
{
    public const string StatementsNew = "statementsNew";
    public const string StatementsUpdated = "statementsUpdated";
    public const string TransactionsNew = "transactionsNew";
    public const string TransactionsUpdated = "transactionsUpdated";
    public const string OrdersSettled = "ordersSettled";
    public const string UnsettledOrders = "unsettledOrders";
    public const string UnsettledNew = "unsettledNew";
    public const string UnsettledRemoved = "unsettledRemoved";
    public const string PaymentsNew = "paymentsNew";
    public const string PaymentsUpdated = "paymentsUpdated";
    public const string WithdrawalsNew = "withdrawalsNew";
    public const string WithdrawalsUpdated = "withdrawalsUpdated";
    public const string DetailFailures = "detailFailures";
}
