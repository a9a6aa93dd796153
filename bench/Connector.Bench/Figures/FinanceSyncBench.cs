using System.Diagnostics;
using Connector.Finance;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Bench.Figures;

/// <summary>
/// The finance sync of a month of one shop (<see cref="FinanceSyncHandler"/> with the real TikTok client, token provider
/// and stores): orders created over 30 days and settled three days later, so about 27 daily statements; the first sync
/// reads the unsettled list, every statement and its transactions, each settled order's SKU split and price detail,
/// payments and withdrawals, and moves the daily figures in the same table transactions. Beside it, the next day's
/// scheduled sync of the same shop, which reads the last 7 days again and writes nothing new.
/// </summary>
public static class FinanceSyncBench
{
    public static async Task<Figure> RunAsync(BenchEnvironment env, int orders, CancellationToken cancellationToken)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var app = env.Simulator.State.CreateApp();
        await using var services = BenchEnvironment.BuildServices(env.Settings(prefix, app));
        var seller = env.Simulator.State.CreateSeller();
        var simShop = seller.Shops[0];
        var now = DateTimeOffset.UtcNow;
        env.Simulator.State.GenerateOrders(simShop.Id, orders, 23, now.AddDays(-30), now.AddHours(-1), "COMPLETED");
        var settled = env.Simulator.State.SettleOrders(simShop.Id, afterCreate: TimeSpan.FromDays(3));
        await env.RegisterShopAsync(services, app, seller, simShop, now.AddDays(-31), cancellationToken);

        var handler = services.GetRequiredService<FinanceSyncHandler>();
        var before = env.Requests.Snapshot();
        var callsBefore = env.Simulator.Calls.Count(app.AppKey);
        var watch = Stopwatch.StartNew();
        await handler.HandleAsync(new FinanceSyncMessage(simShop.Id, "bench"), cancellationToken);
        watch.Stop();
        var first = env.Requests.Since(before);
        var tiktokCalls = env.Simulator.Calls.Count(app.AppKey) - callsBefore;

        var watermark = (await services.GetRequiredService<FinanceSyncCheckpointStore>().GetAsync(simShop.Id, cancellationToken)).StatementsWatermark
            ?? throw new InvalidOperationException("the finance sync did not finish its window");
        var statements = env.Simulator.State.Statements(simShop.Id).Where(s => s.StatementTime < watermark).ToArray();
        var expected = statements.SelectMany(s => s.Transactions).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var stored = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var page in services.GetRequiredService<FinanceLedger>().TransactionPagesAsync(simShop.Id, 0, long.MaxValue / 10, cancellationToken))
        {
            stored.UnionWith(page.Select(t => t.TransactionId));
        }

        if (!stored.SetEquals(expected))
        {
            throw new InvalidOperationException($"the finance sync stored {stored.Count} transactions, the simulator settled {expected.Count} in generated statements");
        }

        var days = await services.GetRequiredService<FinanceLedger>().DaysAsync(simShop.Id, DateOnly.FromDateTime(now.AddDays(-40).UtcDateTime), DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        if (days.Sum(d => d.NetSettled) != statements.Sum(s => s.Settlement))
        {
            throw new InvalidOperationException("the daily figures do not add up to the statements");
        }

        var settledOrders = statements.SelectMany(s => s.Transactions).Count(t => t.Type == "ORDER");
        var rate = settledOrders / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"  finance: {statements.Length} statements, {expected.Count} transactions ({settledOrders} orders) in {watch.Elapsed.TotalSeconds:0.0} s, "
            + $"{tiktokCalls} TikTok calls, {first.GetValueOrDefault(Counters.TableTransactions)} table transactions, {first.GetValueOrDefault(Counters.TableOther)} other table requests");

        // The next scheduled run: the window starts 7 days before the watermark; nothing is new.
        await Task.Delay(TimeSpan.FromSeconds(1.1), cancellationToken);
        before = env.Requests.Snapshot();
        callsBefore = env.Simulator.Calls.Count(app.AppKey);
        var again = Stopwatch.StartNew();
        await handler.HandleAsync(new FinanceSyncMessage(simShop.Id, "bench"), cancellationToken);
        again.Stop();
        var second = env.Requests.Since(before);
        var secondCalls = env.Simulator.Calls.Count(app.AppKey) - callsBefore;
        Console.WriteLine($"  finance: next day's sync {again.Elapsed.TotalMilliseconds:0} ms, {secondCalls} TikTok calls, {second.GetValueOrDefault(Counters.TableTransactions)} table transactions");

        return new Figure
        {
            Id = "finance-month",
            Title = $"Finance sync of a month of one shop: {statements.Length} daily statements, {expected.Count:N0} transactions ({settledOrders:N0} orders with SKU split and price detail), payments, withdrawals, unsettled orders and the daily figures",
            Connector = $"{tiktokCalls:N0} TikTok calls, {Figure.Ms(watch.Elapsed.TotalMilliseconds)} ({Figure.N(rate)} settled orders/s)",
            Comparison = $"{secondCalls} TikTok calls, {Figure.Ms(again.Elapsed.TotalMilliseconds)} for the next day's sync ({second.GetValueOrDefault(Counters.TableTransactions)} table transactions)",
            Ratio = Figure.Times(watch.Elapsed.TotalMilliseconds / Math.Max(1, again.Elapsed.TotalMilliseconds), "shorter"),
            Notes = $"{orders:N0} orders generated over 30 days, settled 3 days after creation ({settled.Count:N0} settled so far); {tiktokCalls:N0} TikTok calls (two per settled order for its details), "
                + $"{first.GetValueOrDefault(Counters.TableTransactions):N0} table transactions; the client's own rate caps lifted (TikTok's 10 calls/s per shop would make the per-order calls the limit)",
            Data = new()
            {
                ["orders"] = orders,
                ["statements"] = statements.Length,
                ["transactions"] = expected.Count,
                ["settledOrders"] = settledOrders,
                ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2),
                ["tiktokCalls"] = tiktokCalls,
                ["requests"] = first,
                ["nextSyncMs"] = Math.Round(again.Elapsed.TotalMilliseconds, 1),
                ["nextSyncTikTokCalls"] = secondCalls,
                ["nextSyncRequests"] = second,
            },
        };
    }
}
