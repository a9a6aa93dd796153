using Connector.Finance;
using Connector.Runs;
using Connector.Testing;
using Connector.Testing.TikTokReference;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.IntegrationTests.Finance;

/// <summary>
/// The finance sync against the simulator and Azurite: statements, payments, withdrawals and transactions stored
/// incrementally and once, settlements equal to what TikTok paid to the cent, a run that dies half-way resumes,
/// statements TikTok changes are read again, figures per currency.
/// </summary>
public sealed class FinanceSyncTests
{
    private static readonly TimeSpan SettleAfter = TimeSpan.FromDays(3);

    private static SimulatorState Sim => FinanceWorld.Sim.State;

    [Test]
    public async Task Statements_payments_and_transactions_are_stored_once_and_each_settlement_equals_what_TikTok_paid_to_the_cent()
    {
        await using var world = await FinanceWorld.CreateAsync();
        var delivered = world.Orders(90, seed: 5, days: 20, "DELIVERED");
        var open = world.Orders(8, seed: 6, days: 2, "AWAITING_SHIPMENT");
        var cancelled = world.Orders(4, seed: 7, days: 10, "CANCELLED");
        Sim.SettleOrders(world.ShopId, afterCreate: SettleAfter);
        var compensated = delivered.Where(o => DateTimeOffset.FromUnixTimeSeconds(o.CreateTime) < DateTimeOffset.UtcNow.AddDays(-6)).First();
        Sim.AddAdjustment(world.ShopId, "SHIPPING_FEE_COMPENSATION", 1.50m, compensated.Id, DateTimeOffset.UtcNow.AddDays(-2));
        Sim.AddAdjustment(world.ShopId, "PLATFORM_PENALTY", -5.00m, null, DateTimeOffset.UtcNow.AddDays(-4));

        await world.SyncAsync();

        var statements = await world.SyncedStatementsAsync();
        var expected = statements.SelectMany(s => s.Transactions).ToArray();
        Assert.That(statements, Has.Count.GreaterThan(10), "settlements spread over many days");
        var stored = await world.Records.StatementsAsync(world.ShopId, 0, long.MaxValue / 10, CancellationToken.None);
        Assert.That(stored.Select(s => (s.StatementId, s.Settlement, s.Currency)), Is.EquivalentTo(statements.Select(s => (s.Id, s.Settlement, s.Currency))));
        var payments = await world.Records.PaymentsAsync(world.ShopId, 0, long.MaxValue / 10, CancellationToken.None);
        Assert.That(payments.Select(p => (p.PaymentId, p.Amount)), Is.EquivalentTo(statements.Select(s => (s.PaymentId, (decimal?)s.Settlement))));
        var withdrawals = await world.Records.WithdrawalsAsync(world.ShopId, 0, long.MaxValue / 10, CancellationToken.None);
        Assert.That(withdrawals.Select(w => (w.WithdrawalId, w.Type, w.Amount)), Is.EquivalentTo(statements.Select(s => (s.WithdrawalId, (string?)"SETTLE", (decimal?)s.Settlement))));

        var transactions = await world.TransactionsAsync();
        Assert.That(transactions.Select(t => (t.TransactionId, t.Settlement)), Is.EquivalentTo(expected.Select(t => (t.Id, t.Settlement))));

        // Every settled order: what the connector stored is what TikTok paid, to the cent, with the SKU split and price detail.
        var settledOrders = expected.Where(t => t.Type == "ORDER").Select(t => t.OrderId!).ToArray();
        Assert.That(settledOrders, Has.Length.GreaterThan(40));
        foreach (var orderId in settledOrders.Append(compensated.Id).Distinct())
        {
            var settlement = (await world.Ledger.GetOrderAsync(world.ShopId, orderId, CancellationToken.None))!;
            var paid = expected.Where(t => t.OrderId == orderId || t.AdjustmentOrderId == orderId).Sum(t => t.Settlement);
            Assert.That(settlement.Status, Is.EqualTo(SettlementStatus.Settled), orderId);
            Assert.That(settlement.Transactions.Sum(t => t.Settlement), Is.EqualTo(paid), orderId);
            Assert.That(settlement.Skus.Sum(s => s.Settlement), Is.EqualTo(expected.Single(t => t.OrderId == orderId).Settlement - 0m), $"SKU split of {orderId}");
            var order = Sim.Locked(() => Sim.Shop(world.ShopId).Orders[orderId]);
            Assert.That(settlement.PriceDetail!.Payment, Is.EqualTo(order.Payment.TotalAmount), $"what the buyer paid for {orderId}");
            Assert.That(settlement.PriceDetail.Tax, Is.EqualTo(order.Payment.Tax));
        }

        Assert.That((await world.Ledger.GetOrderAsync(world.ShopId, compensated.Id, CancellationToken.None))!.Transactions.Select(t => t.Type), Has.Member("SHIPPING_FEE_COMPENSATION"));

        // Unsettled orders are listed as such; cancelled ones not at all.
        var unsettledIds = Sim.UnsettledOrderIds(world.ShopId);
        Assert.That(unsettledIds, Is.SupersetOf(open.Select(o => o.Id)));
        var (unsettled, _) = await world.Ledger.ListOrdersAsync(world.ShopId, SettlementStatus.Unsettled, null, 500, CancellationToken.None);
        Assert.That(unsettled.Select(o => o.OrderId), Is.EquivalentTo(unsettledIds));
        Assert.That(unsettled.Where(o => open.Any(x => x.Id == o.OrderId)).Select(o => o.Estimate!.Reason), Is.All.EqualTo("waiting for delivery"));
        foreach (var order in cancelled)
        {
            Assert.That(await world.Ledger.GetOrderAsync(world.ShopId, order.Id, CancellationToken.None), Is.Null);
        }

        // The daily figures add up to the transactions and the orders' gross sales.
        var days = await world.DaysAsync();
        Assert.That(days.Sum(d => d.NetSettled), Is.EqualTo(expected.Sum(t => t.Settlement)));
        Assert.That(days.Sum(d => d.Fees), Is.EqualTo(expected.Sum(t => t.FeeTax)));
        Assert.That(days.Sum(d => d.Transactions), Is.EqualTo(expected.Length));
        Assert.That(days.Sum(d => d.GrossSales), Is.EqualTo(delivered.Concat(open).Where(o => settledOrders.Contains(o.Id) || unsettledIds.Contains(o.Id)).Sum(o => o.LineItems.Sum(l => l.OriginalPrice))));
        Assert.That(days.Sum(d => d.Orders), Is.EqualTo(settledOrders.Length + unsettledIds.Count));

        var first = await world.LastRunAsync();
        Assert.That(first.Outcome, Is.EqualTo(RunOutcome.Succeeded));
        Assert.That(first.Counts[FinanceCounts.TransactionsNew], Is.EqualTo(expected.Length));
        Assert.That(first.Counts[FinanceCounts.StatementsNew], Is.EqualTo(statements.Count));

        // A second run adds nothing.
        var before = await world.LedgerRowsAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await world.SyncAsync();
        var second = await world.LastRunAsync();
        Assert.That(second.RunId, Is.Not.EqualTo(first.RunId));
        Assert.That(second.Outcome, Is.EqualTo(RunOutcome.Succeeded));
        foreach (var counter in new[] { FinanceCounts.TransactionsNew, FinanceCounts.TransactionsUpdated, FinanceCounts.StatementsNew, FinanceCounts.PaymentsNew, FinanceCounts.WithdrawalsNew, FinanceCounts.OrdersSettled, FinanceCounts.UnsettledNew })
        {
            Assert.That(second.Counts.GetValueOrDefault(counter), Is.Zero, counter);
        }

        var after = await world.LedgerRowsAsync();
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
        Assert.That(after.Where(r => !r.Key.StartsWith("O|", StringComparison.Ordinal) || !before[r.Key].Contains("Status=Unsettled", StringComparison.Ordinal))
            .Where(r => before[r.Key] != r.Value).Select(r => r.Key), Is.Empty, "nothing but the unsettled orders' 'seen' mark changed");
    }

    [Test]
    public async Task A_sync_that_dies_half_way_resumes_where_it_stopped_without_loss_or_duplicates()
    {
        await using var world = await FinanceWorld.CreateAsync(new Dictionary<string, string?> { ["Finance:PageSize"] = "7" });
        world.Orders(80, seed: 11, days: 15, "COMPLETED");
        Sim.SettleOrders(world.ShopId, afterCreate: SettleAfter);
        var client = world.Services.GetRequiredService<ITikTokShopClient>();

        await Assert.ThrowsAsync<IOException>(() => world.SyncAsync(new DyingFinanceClient(client, failAfterTransactionPages: 5)));
        var midway = await world.TransactionsAsync();
        var checkpoint = await world.Checkpoints.GetAsync(world.ShopId, CancellationToken.None);
        Assert.That(checkpoint.WindowOpen, "the window stays open");
        Assert.That(checkpoint.Stage, Is.EqualTo(FinanceStage.Statements));
        Assert.That(checkpoint.StatementsWatermark, Is.Null, "the watermark waits for the whole window");
        Assert.That(midway, Is.Not.Empty);
        Assert.That((await world.LastRunAsync()).Outcome, Is.EqualTo(RunOutcome.Failed));

        var pagesBefore = FinanceWorld.Sim.Calls.Count(world.App.AppKey, TikTokShopClient.StatementTransactionsPath);
        await world.SyncAsync();
        var pagesResumed = FinanceWorld.Sim.Calls.Count(world.App.AppKey, TikTokShopClient.StatementTransactionsPath) - pagesBefore;

        var expected = (await world.SyncedStatementsAsync()).SelectMany(s => s.Transactions).ToArray();
        var transactions = await world.TransactionsAsync();
        Assert.That(transactions.Select(t => t.TransactionId), Is.EquivalentTo(expected.Select(t => t.Id)), "every transaction once");
        var totalPages = (await world.SyncedStatementsAsync()).Sum(s => (int)Math.Ceiling(s.Transactions.Count / 7.0));
        Assert.That(pagesResumed, Is.LessThan(totalPages), "the resumed run did not start over");

        // No delta was applied twice: the daily figures are exactly the sums of the stored rows.
        var days = await world.DaysAsync();
        foreach (var group in transactions.GroupBy(t => (t.Day, t.Currency)))
        {
            var day = days.Single(d => d.Day == group.Key.Day && d.Currency == group.Key.Currency);
            Assert.That((day.NetSettled, day.Transactions), Is.EqualTo((group.Sum(t => t.Settlement), (long)group.Count())), group.Key.ToString());
        }

        Assert.That(days.Sum(d => d.Orders), Is.EqualTo(expected.Count(t => t.Type == "ORDER") + Sim.UnsettledOrderIds(world.ShopId).Count));
        var run = await world.LastRunAsync();
        Assert.That(run.Outcome, Is.EqualTo(RunOutcome.Succeeded), "the resumed run is the same run");
        Assert.That((await world.Runs.ListAsync(world.ShopId, RunKinds.FinanceSync, null, null, 10, CancellationToken.None)).Runs, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_statement_TikTok_changes_later_is_read_again_and_its_day_moves_by_the_difference()
    {
        await using var world = await FinanceWorld.CreateAsync();
        var orders = world.Orders(30, seed: 21, days: 12, "DELIVERED");
        Sim.SettleOrders(world.ShopId, afterCreate: SettleAfter);
        await world.SyncAsync();
        var statement = (await world.SyncedStatementsAsync()).Last(s => s.Transactions.Any(t => t.Type == "ORDER")); // within the overlap of the next sync
        var order = statement.Transactions.First(t => t.Type == "ORDER").OrderId!;
        var day = FinanceRules.StatementDay(statement.StatementTime);
        var dayBefore = (await world.DaysAsync()).Single(d => d.Day == day);

        Sim.AddAdjustment(world.ShopId, "LOGISTICS_REIMBURSEMENT", 4.25m, order, DateTimeOffset.FromUnixTimeSeconds(statement.SettleTime).AddHours(12));
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        await world.SyncAsync();

        var run = await world.LastRunAsync();
        Assert.That(run.Counts[FinanceCounts.StatementsUpdated], Is.EqualTo(1));
        Assert.That(run.Counts[FinanceCounts.TransactionsNew], Is.EqualTo(1), "only the new transaction of the changed statement is stored");
        var dayAfter = (await world.DaysAsync()).Single(d => d.Day == day);
        Assert.That(dayAfter.NetSettled - dayBefore.NetSettled, Is.EqualTo(4.25m));
        Assert.That(dayAfter.Adjustments - dayBefore.Adjustments, Is.EqualTo(4.25m));
        Assert.That(dayAfter.GrossSales, Is.EqualTo(dayBefore.GrossSales));
        var settlement = (await world.Ledger.GetOrderAsync(world.ShopId, order, CancellationToken.None))!;
        Assert.That(settlement.Transactions.Sum(t => t.Settlement), Is.EqualTo(Sim.SettledAmount(world.ShopId, order)));
        var stored = (await world.Records.StatementsAsync(world.ShopId, 0, long.MaxValue / 10, CancellationToken.None)).Single(s => s.StatementId == statement.Id);
        Assert.That(stored.Settlement, Is.EqualTo(statement.Settlement));
    }

    [Test]
    public async Task A_shop_selling_in_two_currencies_gets_its_figures_per_currency()
    {
        await using var world = await FinanceWorld.CreateAsync();
        var orders = world.Orders(40, seed: 31, days: 10, "DELIVERED");
        foreach (var order in orders.Where((_, i) => i % 3 == 0))
        {
            Sim.SetOrderCurrency(world.ShopId, order.Id, "EUR");
        }

        Sim.SettleOrders(world.ShopId, afterCreate: SettleAfter);
        await world.SyncAsync();

        var statements = await world.SyncedStatementsAsync();
        Assert.That(statements.Select(s => s.Currency).Distinct(), Is.EquivalentTo(new[] { "GBP", "EUR" }));
        var days = await world.DaysAsync();
        foreach (var currency in new[] { "GBP", "EUR" })
        {
            var paid = statements.Where(s => s.Currency == currency).Sum(s => s.Settlement);
            Assert.That(days.Where(d => d.Currency == currency).Sum(d => d.NetSettled), Is.EqualTo(paid), currency);
            var figures = FinanceAdmin.ByCurrency(days, new DateOnly(2023, 7, 1), DateOnly.FromDateTime(DateTime.UtcNow));
            Assert.That(figures[currency].NetSettled, Is.EqualTo(paid), "the dashboard never adds currencies up");
        }

        var stored = await world.Records.StatementsAsync(world.ShopId, 0, long.MaxValue / 10, CancellationToken.None);
        Assert.That(stored.GroupBy(s => s.Day).Any(g => g.Select(s => s.Currency).Distinct().Count() == 2), "one statement per day and currency");
    }

    [Test]
    public async Task The_simulator_answers_every_finance_call_in_TikToks_documented_shapes()
    {
        var exchanges = new ExchangeLog();
        await using var world = await FinanceWorld.CreateAsync(configure: services =>
            services.AddHttpClient<ITikTokShopClient, TikTokShopClient>().AddHttpMessageHandler(() => new RecordingHandler(exchanges)));
        world.Orders(12, seed: 41, days: 8, "DELIVERED");
        world.Orders(3, seed: 42, days: 1, "AWAITING_SHIPMENT");
        Sim.SettleOrders(world.ShopId, afterCreate: SettleAfter);
        Sim.AddAdjustment(world.ShopId, "PLATFORM_PENALTY", -2m, null, DateTimeOffset.UtcNow.AddDays(-2));

        await world.SyncAsync();
        var client = world.Services.GetRequiredService<ITikTokShopClient>();
        var refused = (await Assert.ThrowsAsync<TikTokException>(() => client.GetPriceDetailAsync(new TikTokShopRef(world.ShopId, Sim.Shop(world.ShopId).Cipher), "999", CancellationToken.None)))!;

        var paths = new[]
        {
            TikTokShopClient.StatementsPath, TikTokShopClient.PaymentsPath, TikTokShopClient.WithdrawalsPath, TikTokShopClient.StatementTransactionsPath,
            TikTokShopClient.OrderTransactionsPath, TikTokShopClient.UnsettledPath, TikTokShopClient.PriceDetailPath,
        };
        foreach (var path in paths)
        {
            var spec = TikTokReference.Default.EndpointsAt(path).Single();
            var answers = exchanges.All.Where(e => spec.Matches(e.Request.Path) && e.ResponseJson?["code"]?.GetValue<long>() == 0).ToArray();
            Assert.That(answers, Is.Not.Empty, $"the sync called {path}");
            foreach (var answer in answers)
            {
                ReferenceConformance.AssertResponse(spec, answer.ResponseJson);
                ReferenceConformance.AssertRequest(spec, answer.Request);
            }
        }

        Assert.That(refused.Code, Is.EqualTo(21008111));
        Assert.That(TikTokReference.Default.EndpointsAt(TikTokShopClient.PriceDetailPath).Single().ErrorCodes.Select(c => c.Code), Has.Member("21008111"), "an error code TikTok documents");
        Assert.That(refused.RequestId, Is.Not.Empty);
    }
}
