using System.Globalization;
using System.Net;
using System.Text.Json;
using Connector.EndToEndTests.Onboarding;
using Connector.Finance;
using Connector.Runs;
using Connector.Shops;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests.Finance;

/// <summary>
/// Finance through the real function classes in the local host: sync now (one shop, every shop) through the queue
/// worker, statements by period, an order's settlement, unsettled orders, the streamed CSV export, the dashboard per
/// currency, and bad requests answered with problems.
/// </summary>
public sealed class FinanceEndToEndTests
{
    private const string Merchant = "merchant-finance";

    private static async Task<(OnboardingWorld World, string ShopId)> SyncedShopAsync()
    {
        var world = await OnboardingWorld.StartAsync(new Dictionary<string, string?>
        {
            ["TikTok:RequestsPerSecondPerShop"] = "1000",
            ["TikTok:RequestsPerSecondPerApp"] = "1000",
        });
        await world.OnboardAsync(Merchant);
        var shopId = world.Seller.Shops[0].Id;
        var shop = (await world.Shops.GetAsync(shopId, CancellationToken.None))!;
        var before = shop.Status;
        shop.Status = ShopStatus.Active;
        await world.Shops.UpdateAsync(shop, before, CancellationToken.None);

        var sim = OnboardingWorld.Sim.State;
        var orders = sim.GenerateOrders(shopId, 40, 17, DateTimeOffset.UtcNow.AddDays(-14), DateTimeOffset.UtcNow.AddHours(-1), "DELIVERED");
        foreach (var order in orders.Where((_, i) => i % 4 == 0))
        {
            sim.SetOrderCurrency(shopId, order.Id, "EUR");
        }

        sim.SettleOrders(shopId, afterCreate: TimeSpan.FromDays(3));
        using var sync = await SendAsync(world, HttpMethod.Post, $"api/admin/shops/{shopId}/finance/sync");
        Assert.That(sync.StatusCode, Is.EqualTo(HttpStatusCode.Accepted), await sync.Content.ReadAsStringAsync());
        await WaitForSyncAsync(world, shopId, 1);
        return (world, shopId);
    }

    private static async Task WaitForSyncAsync(OnboardingWorld world, string shopId, int runs)
    {
        var store = world.Host.Services.GetRequiredService<RunStore>();
        await Eventually.HoldsAsync(
            async () => (await store.ListAsync(shopId, RunKinds.FinanceSync, RunOutcome.Succeeded, null, 10, CancellationToken.None)).Runs.Count >= runs,
            "the finance sync run to succeed", TimeSpan.FromSeconds(90));
    }

    private static async Task<HttpResponseMessage> SendAsync(OnboardingWorld world, HttpMethod method, string path, bool withKey = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (withKey)
        {
            request.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        }

        return await world.Host.Http.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(OnboardingWorld world, string path)
    {
        using var response = await SendAsync(world, HttpMethod.Get, path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Test]
    public async Task Statements_settlements_and_the_CSV_export_show_what_TikTok_paid()
    {
        var (world, shopId) = await SyncedShopAsync();
        await using var _ = world;
        var sim = OnboardingWorld.Sim.State;
        var from = Day(DateTimeOffset.UtcNow.AddDays(-20));
        var to = Day(DateTimeOffset.UtcNow);
        var generated = sim.Statements(shopId).Where(s => s.StatementTime <= DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5).ToArray();

        var statements = await JsonAsync(world, $"api/merchants/{Merchant}/finance/statements?from={from}&to={to}");
        Assert.That(statements.GetProperty("statements").EnumerateArray().Select(s => s.GetProperty("statementId").GetString()), Is.EquivalentTo(generated.Select(s => s.Id)));
        foreach (var currency in new[] { "GBP", "EUR" })
        {
            Assert.That(statements.GetProperty("totalsByCurrency").GetProperty(currency).GetProperty("settlement").GetDecimal(),
                Is.EqualTo(generated.Where(s => s.Currency == currency).Sum(s => s.Settlement)), currency);
        }

        var payouts = await JsonAsync(world, $"api/merchants/{Merchant}/finance/payouts?from={from}&to={to}&shopId={shopId}");
        Assert.That(payouts.GetProperty("payments").GetArrayLength(), Is.EqualTo(generated.Length));

        // One order's settlement: what TikTok paid, its fees by type and what the buyer paid.
        var settled = generated.SelectMany(s => s.Transactions).First(t => t.Type == "ORDER");
        var settlement = await JsonAsync(world, $"api/merchants/{Merchant}/orders/{settled.OrderId}/settlement");
        Assert.That(settlement.GetProperty("status").GetString(), Is.EqualTo("Settled"));
        Assert.That(settlement.GetProperty("totals").GetProperty("settlement").GetDecimal(), Is.EqualTo(sim.SettledAmount(shopId, settled.OrderId!)));
        Assert.That(settlement.GetProperty("feesByType").GetProperty("referral_fee_amount").GetDecimal(), Is.EqualTo(settled.Amounts.ReferralFee));
        var order = sim.Locked(() => sim.Shop(shopId).Orders[settled.OrderId!]);
        Assert.That(settlement.GetProperty("priceDetail").GetProperty("payment").GetDecimal(), Is.EqualTo(order.Payment.TotalAmount));
        Assert.That(settlement.GetProperty("skus").EnumerateArray().Sum(s => s.GetProperty("settlement").GetDecimal()), Is.EqualTo(settled.Settlement));

        // Orders TikTok has not settled are listed as such.
        var unsettled = new List<string?>();
        string? token = null;
        do
        {
            var page = await JsonAsync(world, $"api/merchants/{Merchant}/finance/unsettled?pageSize=2" + (token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token)));
            unsettled.AddRange(page.GetProperty("orders").EnumerateArray().Select(o => o.GetProperty("orderId").GetString()));
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        Assert.That(unsettled, Is.EquivalentTo(sim.UnsettledOrderIds(shopId)), "every unsettled order once, two a page");

        // The CSV export: streamed, one line per stored transaction, amounts as stored.
        using var csv = await SendAsync(world, HttpMethod.Get, $"api/merchants/{Merchant}/finance/transactions?from={from}&to={to}");
        Assert.That(csv.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(csv.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(csv.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
        var lines = FinanceCsv.Parse(await csv.Content.ReadAsStringAsync());
        Assert.That(lines[0], Is.EqualTo(FinanceCsv.Header));
        var ledger = world.Host.Services.GetRequiredService<FinanceLedger>();
        var stored = new List<LedgerTransaction>();
        await foreach (var page in ledger.TransactionPagesAsync(shopId, 0, long.MaxValue / 10, CancellationToken.None))
        {
            stored.AddRange(page);
        }

        var rows = lines.Skip(1).ToArray();
        Assert.That(rows.Select(r => r[Array.IndexOf(FinanceCsv.Header, "transaction_id")]), Is.EqualTo(stored.Select(t => t.TransactionId)), "every stored transaction, in settlement order");
        Assert.That(rows.Select(r => FinanceCsv.Row(shopId, stored.Single(t => t.TransactionId == r[3]))), Is.EqualTo(rows), "each line as stored");
        Assert.That(rows.Sum(r => decimal.Parse(r[Array.IndexOf(FinanceCsv.Header, "settlement")], CultureInfo.InvariantCulture)), Is.EqualTo(generated.Sum(s => s.Settlement)));
    }

    [Test]
    public async Task The_dashboard_shows_each_shops_figures_per_currency_and_sync_now_covers_every_shop()
    {
        var (world, shopId) = await SyncedShopAsync();
        await using var _ = world;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        var summary = await JsonAsync(world, $"api/admin/finance/summary?merchantId={Merchant}");
        var shop = summary.GetProperty("shops").EnumerateArray().Single();
        Assert.That(shop.GetProperty("shopId").GetString(), Is.EqualTo(shopId));
        var ledger = world.Host.Services.GetRequiredService<FinanceLedger>();
        var (monthFrom, monthTo) = FinanceAdmin.Periods(today)["month"];
        var days = await ledger.DaysAsync(shopId, monthFrom, monthTo, CancellationToken.None);
        var month = shop.GetProperty("figures").GetProperty("month");
        foreach (var currency in days.Select(d => d.Currency).Distinct())
        {
            var figures = month.GetProperty(currency);
            Assert.That(figures.GetProperty("netSettled").GetDecimal(), Is.EqualTo(days.Where(d => d.Currency == currency).Sum(d => d.NetSettled)), currency);
            Assert.That(figures.GetProperty("grossSales").GetDecimal(), Is.EqualTo(days.Where(d => d.Currency == currency).Sum(d => d.GrossSales)), currency);
            Assert.That(figures.GetProperty("fees").GetDecimal(), Is.EqualTo(days.Where(d => d.Currency == currency).Sum(d => d.Fees)), currency);
        }

        Assert.That(month.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(days.Select(d => d.Currency).Distinct()), "one entry per currency, none added up");
        Assert.That(summary.GetProperty("periods").GetProperty("week").GetProperty("from").GetString(), Is.EqualTo(FinanceAdmin.Periods(today)["week"].From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

        using var all = await SendAsync(world, HttpMethod.Post, "api/admin/finance/sync");
        Assert.That(all.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(JsonDocument.Parse(await all.Content.ReadAsStringAsync()).RootElement.GetProperty("queued").GetInt32(), Is.EqualTo(1));
        await WaitForSyncAsync(world, shopId, 2);
        var after = await JsonAsync(world, $"api/admin/finance/summary?shopId={shopId}&date={today:yyyy-MM-dd}");
        Assert.That(after.GetProperty("shops")[0].GetProperty("figures").ToString(), Is.EqualTo(shop.GetProperty("figures").ToString()), "a second sync changes no figure");
    }

    [Test]
    public async Task Bad_finance_requests_are_problems_naming_the_field_and_other_merchants_see_nothing()
    {
        var (world, shopId) = await SyncedShopAsync();
        await using var _ = world;
        var order = OnboardingWorld.Sim.State.Statements(shopId).SelectMany(s => s.Transactions).First(t => t.Type == "ORDER").OrderId!;
        var now = DateTimeOffset.UtcNow;
        await world.Shops.CreateAsync(new ShopRecord
        {
            ShopId = "shop-of-another-merchant", MerchantId = "merchant-other", AppKey = world.App.AppKey, AuthorizationId = "auth-other", Status = ShopStatus.Active,
            CreatedAt = now, UpdatedAt = now,
        }, CancellationToken.None);

        async Task<(HttpStatusCode Status, JsonElement Problem, string? ContentType)> Problem(string path, HttpMethod? method = null)
        {
            using var response = await SendAsync(world, method ?? HttpMethod.Get, path);
            var text = await response.Content.ReadAsStringAsync();
            return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response.Content.Headers.ContentType?.MediaType);
        }

        var tooLong = await Problem($"api/merchants/{Merchant}/finance/transactions?from=2026-01-01&to=2026-03-31");
        var malformed = await Problem($"api/merchants/{Merchant}/finance/statements?from=2026-02-30&to=2026-03-01");
        var beforeTikTok = await Problem($"api/merchants/{Merchant}/finance/payouts?from=2023-06-01&to=2023-06-30");
        var otherMerchantsOrder = await Problem($"api/merchants/merchant-other/orders/{order}/settlement");
        var otherMerchantsShop = await Problem($"api/merchants/merchant-other/finance/statements?from=2026-01-01&to=2026-01-02&shopId={shopId}");
        var badDate = await Problem("api/admin/finance/summary?date=yesterday");
        var unknownShop = await Problem("api/admin/shops/no-such-shop/finance/sync", HttpMethod.Post);
        using var noKey = await SendAsync(world, HttpMethod.Get, $"api/merchants/{Merchant}/orders/{order}/settlement", withKey: false);

        foreach (var (status, problem, type, field) in new[] { (tooLong.Status, tooLong.Problem, tooLong.ContentType, "to"), (malformed.Status, malformed.Problem, malformed.ContentType, "from"),
            (beforeTikTok.Status, beforeTikTok.Problem, beforeTikTok.ContentType, "from"), (badDate.Status, badDate.Problem, badDate.ContentType, "date") })
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest), problem.ToString());
            Assert.That(type, Is.EqualTo("application/problem+json"));
            Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { field }));
        }

        Assert.That(tooLong.Problem.GetProperty("detail").GetString(), Does.Contain("at most 31"));
        Assert.That(otherMerchantsOrder.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(otherMerchantsOrder.ContentType, Is.EqualTo("application/problem+json"));
        Assert.That(otherMerchantsShop.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(unknownShop.Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(noKey.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Deleting_a_shop_removes_its_finance_data()
    {
        var (world, shopId) = await SyncedShopAsync();
        await using var _ = world;
        var ledger = world.Host.Services.GetRequiredService<FinanceLedger>();
        var records = world.Host.Services.GetRequiredService<FinanceRecordStore>();
        Assert.That(await ledger.DaysAsync(shopId, new DateOnly(2023, 7, 1), DateOnly.FromDateTime(DateTime.UtcNow), CancellationToken.None), Is.Not.Empty);

        using var deleted = await SendAsync(world, HttpMethod.Delete, $"api/admin/shops/{shopId}?confirm={shopId}");
        var body = JsonDocument.Parse(await deleted.Content.ReadAsStringAsync()).RootElement;

        Assert.That(deleted.StatusCode, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("removed").GetProperty("finance").GetInt32(), Is.GreaterThan(0));
        Assert.That(await ledger.DaysAsync(shopId, new DateOnly(2023, 7, 1), DateOnly.FromDateTime(DateTime.UtcNow), CancellationToken.None), Is.Empty);
        Assert.That(await records.StatementsAsync(shopId, 0, long.MaxValue / 10, CancellationToken.None), Is.Empty);
        Assert.That((await world.Host.Services.GetRequiredService<FinanceSyncCheckpointStore>().GetAsync(shopId, CancellationToken.None)).StatementsWatermark, Is.Null);
    }
}
