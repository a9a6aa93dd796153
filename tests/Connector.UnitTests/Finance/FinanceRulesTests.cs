using System.Text.Json;
using Connector.Finance;
using Connector.Testing;
using Connector.TikTok.Api;

namespace Connector.UnitTests.Finance;

public sealed class FinanceRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Statement of 2026-01-20 (generated 2026-01-21 00:00 UTC).</summary>
    private const long StatementTime = 1768953600;

    private static LedgerTransaction Order(string id, string orderId, decimal gross, decimal settlement, long statementTime = StatementTime, string type = "ORDER") =>
        FinanceRules.Transaction("S-" + statementTime, statementTime, "GBP", new TikTokStatementTransaction
        {
            Id = id,
            Type = type,
            OrderId = type == "ORDER" ? orderId : null,
            AdjustmentOrderId = type == "ORDER" ? null : orderId,
            OrderCreateTime = 1768521600, // 2026-01-16 00:00 UTC
            RevenueAmount = gross,
            SettlementAmount = settlement,
            FeeTaxAmount = settlement - gross,
            AdjustmentAmount = type == "ORDER" ? 0 : settlement,
            RevenueBreakdown = JsonDocument.Parse($$"""{"subtotal_before_discount_amount":"{{gross}}","seller_discount_amount":"0"}""").RootElement,
            FeeTaxBreakdown = JsonDocument.Parse("""{"fee":{"referral_fee_amount":"-1.20","transaction_fee_amount":"0"},"tax":{"vat_amount":"-0.24"}}""").RootElement,
        });

    [Test]
    public void A_statement_covers_the_UTC_day_before_TikTok_generates_it()
    {
        Assert.That(FinanceRules.StatementDay(StatementTime), Is.EqualTo(new DateOnly(2026, 1, 20)));
        var (from, to) = FinanceRules.StatementTimes(new DateOnly(2026, 1, 20), new DateOnly(2026, 1, 21));
        Assert.That(StatementTime, Is.InRange(from, to - 1));
        Assert.That(StatementTime + 86400, Is.InRange(from, to - 1));
        Assert.That(StatementTime - 86400, Is.LessThan(from), "the statement of the 19th is not in the period");
        Assert.That(StatementTime + (2 * 86400), Is.GreaterThanOrEqualTo(to), "nor the one of the 22nd");
    }

    [Test]
    public void Breakdowns_keep_every_non_zero_amount_by_name()
    {
        var transaction = Order("T1", "O1", 10m, 8.56m);

        Assert.That(transaction.Breakdown, Is.EquivalentTo(new Dictionary<string, decimal>
        {
            ["revenue.subtotal_before_discount_amount"] = 10m, ["fee.referral_fee_amount"] = -1.20m, ["tax.vat_amount"] = -0.24m,
        }));
        Assert.That(transaction.GrossSales, Is.EqualTo(10m));
        Assert.That(transaction.Day, Is.EqualTo(new DateOnly(2026, 1, 20)));
    }

    [Test]
    public void An_order_settles_from_its_transactions_and_a_repeat_changes_nothing()
    {
        var settled = FinanceRules.Settle(null, "shop", "O1", [Order("T1", "O1", 10m, 8.56m)], null, Now);
        var again = FinanceRules.Settle(settled, "shop", "O1", [Order("T1", "O1", 10m, 8.56m)], null, Now);
        var adjusted = FinanceRules.Settle(again, "shop", "O1", [Order("A1", "O1", 0m, 1.50m, StatementTime + 86400, "SHIPPING_FEE_COMPENSATION")], null, Now);

        Assert.That(settled.Status, Is.EqualTo(SettlementStatus.Settled));
        Assert.That(settled.GrossSales, Is.EqualTo(10m));
        Assert.That(settled.GrossDay, Is.EqualTo(new DateOnly(2026, 1, 16)), "gross sales count on the order's creation day");
        Assert.That(again.Transactions, Has.Count.EqualTo(1), "a transaction read twice is kept once");
        Assert.That(adjusted.Transactions.Sum(t => t.Settlement), Is.EqualTo(10.06m));
        Assert.That(adjusted.GrossSales, Is.EqualTo(10m), "an adjustment is not a sale");
    }

    [Test]
    public void An_estimate_never_replaces_a_settlement()
    {
        var settled = FinanceRules.Settle(null, "shop", "O1", [Order("T1", "O1", 10m, 8.56m)], null, Now);
        var estimate = new TikTokUnsettledTransaction { OrderId = "O1", Currency = "GBP", EstSettlementAmount = 9m, OrderCreateTime = 1768521600 };

        Assert.That(FinanceRules.Unsettled(settled, "shop", estimate, Now), Is.Null);
        var unsettled = FinanceRules.Unsettled(null, "shop", estimate, Now)!;
        Assert.That(unsettled.Status, Is.EqualTo(SettlementStatus.Unsettled));
        Assert.That(FinanceRules.Settle(unsettled, "shop", "O1", [Order("T1", "O1", 10m, 8.56m)], null, Now).Estimate, Is.Null, "the settlement replaces the estimate");
    }

    [Test]
    public void Deltas_move_figures_per_day_and_currency_and_cancel_out()
    {
        var deltas = new Dictionary<(DateOnly Day, string Currency), DailyFigures>();
        var before = Order("T1", "O1", 10m, 8.56m);
        var after = Order("T1", "O1", 10m, 9.00m);
        FinanceRules.Add(deltas, FinanceRules.Contribution(before), +1);
        FinanceRules.Add(deltas, FinanceRules.Contribution(before), -1);
        FinanceRules.Add(deltas, FinanceRules.Contribution(after), +1);
        FinanceRules.Add(deltas, FinanceRules.Contribution(FinanceRules.Settle(null, "shop", "O1", [after], null, Now)), +1);
        var euro = after with { Currency = "EUR", TransactionId = "T2" };
        FinanceRules.Add(deltas, FinanceRules.Contribution(euro), +1);

        var gbp = deltas[(new DateOnly(2026, 1, 20), "GBP")];
        Assert.That(gbp.NetSettled, Is.EqualTo(9.00m));
        Assert.That(gbp.Transactions, Is.EqualTo(1));
        Assert.That(deltas[(new DateOnly(2026, 1, 16), "GBP")].GrossSales, Is.EqualTo(10m));
        Assert.That(deltas[(new DateOnly(2026, 1, 20), "EUR")].NetSettled, Is.EqualTo(9.00m), "euros are never added to pounds");
    }

    [Test]
    public void Period_figures_are_added_per_currency()
    {
        var days = new[]
        {
            new DailyFigures { Day = new DateOnly(2026, 1, 26), Currency = "GBP", GrossSales = 10m, NetSettled = 5m, Fees = -1m },
            new DailyFigures { Day = new DateOnly(2026, 1, 27), Currency = "GBP", GrossSales = 20m, NetSettled = 7m, Fees = -2m },
            new DailyFigures { Day = new DateOnly(2026, 1, 27), Currency = "EUR", GrossSales = 30m },
            new DailyFigures { Day = new DateOnly(2026, 2, 1), Currency = "GBP", GrossSales = 99m },
        };
        var periods = FinanceAdmin.Periods(new DateOnly(2026, 1, 27));

        Assert.That(periods["week"], Is.EqualTo((new DateOnly(2026, 1, 26), new DateOnly(2026, 2, 1))), "Monday to Sunday");
        Assert.That(periods["month"], Is.EqualTo((new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31))));
        var day = FinanceAdmin.ByCurrency(days, periods["day"].From, periods["day"].To);
        var week = FinanceAdmin.ByCurrency(days, periods["week"].From, periods["week"].To);
        var month = FinanceAdmin.ByCurrency(days, periods["month"].From, periods["month"].To);
        Assert.That(day["GBP"].GrossSales, Is.EqualTo(20m));
        Assert.That(week["GBP"].GrossSales, Is.EqualTo(129m));
        Assert.That(month["GBP"], Has.Property("GrossSales").EqualTo(30m).And.Property("NetSettled").EqualTo(12m).And.Property("Fees").EqualTo(-3m));
        Assert.That(month["EUR"].GrossSales, Is.EqualTo(30m));
    }

    [TestCase("from=2026-01-01&to=2026-01-31", true, null)]
    [TestCase("from=2026-01-01&to=2026-02-01", false, "to")]
    [TestCase("from=2026-13-01&to=2026-01-31", false, "from")]
    [TestCase("from=2026-01-05&to=2026-01-04", false, "to")]
    [TestCase("to=2026-01-04", false, "from")]
    [TestCase("from=2023-06-30&to=2023-07-02", false, "from")]
    [TestCase("from=31/01/2026&to=yesterday", false, "from,to")]
    public void Periods_are_whole_UTC_days_within_the_limit(string query, bool valid, string? badFields)
    {
        var reader = Requests.Reader(null, DateTimeOffset.UtcNow, query);

        var period = FinancePeriod.Read(reader, 31);

        Assert.That(!reader.HasErrors, Is.EqualTo(valid));
        if (valid)
        {
            Assert.That(period.Days, Is.EqualTo(31));
            return;
        }

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(badFields!.Split(',')));
    }

    [Test]
    public void Csv_fields_with_commas_quotes_and_line_breaks_survive_a_round_trip()
    {
        string[] row = ["plain", "with,comma", "with \"quotes\"", "two\r\nlines", "", "-12.30"];

        var parsed = FinanceCsv.Parse(FinanceCsv.Line(FinanceCsv.Header) + FinanceCsv.Line(row));

        Assert.That(parsed, Has.Count.EqualTo(2));
        Assert.That(parsed[0], Is.EqualTo(FinanceCsv.Header));
        Assert.That(parsed[1], Is.EqualTo(row));
    }
}
