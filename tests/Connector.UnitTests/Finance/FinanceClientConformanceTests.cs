using Connector.Finance;
using Connector.Testing.TikTokReference;
using Connector.TikTok.Api;

namespace Connector.UnitTests.Finance;

/// <summary>
/// Every TikTok endpoint the finance capability calls, against TikTok's published reference (the shared
/// <see cref="ReferenceClient"/> harness): the path and method exist, every query parameter sent is documented with a
/// compatible type, every required one (and required header) is sent, and TikTok's own example answer is read exactly.
/// </summary>
public sealed class FinanceClientConformanceTests
{
    private static readonly TikTokShopRef Shop = new("7494000000000001", "ROW_cipher");

    public sealed record Case(string Spec, Func<ITikTokShopClient, Task<object>> Call, Action<object> Check)
    {
        public override string ToString() => Spec;
    }

    public static IEnumerable<Case> Cases() =>
    [
        new("api-reference/finance/get-statements.spec.json",
            async c => await c.GetStatementsAsync(Shop, 1685548000, 1685558800, "token", 100, CancellationToken.None),
            o =>
            {
                var page = (TikTokStatementPage)o;
                Assert.That(page.Statements.Single().Id, Is.EqualTo("7238804564097517339"));
                Assert.That(page.Statements[0].SettlementAmount, Is.EqualTo(100m));
                Assert.That(page.Statements[0].FeeAmount, Is.EqualTo(-30m));
                Assert.That(page.NextPageToken, Is.Not.Empty);
            }),
        new("api-reference/finance/get-payments.spec.json",
            async c => await c.GetPaymentsAsync(Shop, 1685548000, 1685558800, null, 20, CancellationToken.None),
            o =>
            {
                var payment = ((TikTokPaymentPage)o).Payments.Single();
                Assert.That(payment.Amount!.Value, Is.EqualTo(100m));
                Assert.That(payment.ReserveAmount!.Value, Is.EqualTo(-30m));
                Assert.That(payment.ExchangeRate, Is.EqualTo(1.000000m));
                Assert.That(payment.BankAccount, Does.EndWith("1234"));
            }),
        new("api-reference/finance/get-withdrawals.spec.json",
            async c => await c.GetWithdrawalsAsync(Shop, 1623812000, null, null, 50, CancellationToken.None),
            o => Assert.That(((TikTokWithdrawalPage)o).Withdrawals.Single(), Has.Property("Type").EqualTo("WITHDRAW").And.Property("Amount").EqualTo(100m))),
        new("api-reference/finance/get-transactions-by-statement.spec.json",
            async c => await c.GetStatementTransactionsAsync(Shop, "7238804564097517339", null, 100, CancellationToken.None),
            o =>
            {
                var page = (TikTokStatementTransactionPage)o;
                var transaction = FinanceRules.Transaction("7238804564097517339", 1685548800, page.Currency, page.Transactions.Single());
                Assert.That(transaction.Settlement, Is.EqualTo(130m));
                Assert.That(transaction.GrossSales, Is.EqualTo(30m));
                Assert.That(transaction.Breakdown["fee.platform_commission_amount"], Is.EqualTo(20m));
                Assert.That(transaction.Breakdown["shipping.supplementary_component.customer_shipping_fee_offset_amount"], Is.EqualTo(23m));
                Assert.That(transaction.Breakdown, Does.Not.ContainKey("supplementary.sales_tax_refund_amount"), "\"0 \" is zero");
            }),
        new("api-reference/finance/get-transactions-by-order.spec.json",
            async c => await c.GetOrderStatementTransactionsAsync(Shop, "5793990727963214852", CancellationToken.None),
            o =>
            {
                var sku = FinanceRules.Sku(((TikTokOrderTransactions)o).SkuTransactions.Single());
                Assert.That(sku.Quantity, Is.EqualTo(1));
                Assert.That(sku.Breakdown["shipping.supplementary_component.customer_shipping_fee_offset_amount"], Is.EqualTo(-6.99m));
            }),
        new("api-reference/finance/get-unsettled-transactions.spec.json",
            async c => await c.GetUnsettledTransactionsAsync(Shop, null, null, null, 100, CancellationToken.None),
            o =>
            {
                var estimate = FinanceRules.Unsettled(null, Shop.ShopId, ((TikTokUnsettledPage)o).Transactions.Single(), DateTimeOffset.UnixEpoch)!;
                Assert.That(estimate.Status, Is.EqualTo(SettlementStatus.Unsettled));
                Assert.That(estimate.Estimate!.Settlement, Is.EqualTo(130m));
                Assert.That(estimate.GrossSales, Is.EqualTo(210m));
            }),
        new("api-reference/orders/get-price-detail.spec.json",
            async c => await c.GetPriceDetailAsync(Shop, "576461413032342720", CancellationToken.None),
            o =>
            {
                var price = FinanceRules.Price((TikTokPriceDetail)o);
                Assert.That(price.Payment, Is.EqualTo(101.00m));
                Assert.That(price.TaxRate, Is.EqualTo(0.021m));
                Assert.That(price.Lines.Single().LineItemId, Is.EqualTo("576461413032342720"));
            }),
    ];

    [TestCaseSource(nameof(Cases))]
    public async Task The_call_is_documented_and_TikToks_example_answer_is_read(Case test)
    {
        await using var world = ReferenceClient.Create();

        var result = await test.Call(world.Client);

        var (request, endpoint) = world.Last;
        Assert.That(endpoint, Is.Not.Null, $"{request.Method} {request.Path} is not in TikTok's reference");
        Assert.That(endpoint!.RelativeFile, Does.EndWith(Path.GetFileName(test.Spec)));
        ReferenceConformance.AssertRequest(endpoint, request);
        test.Check(result);
    }

    [Test]
    public void Every_finance_endpoint_of_the_reference_is_covered()
    {
        var files = TikTokReference.Default.Endpoints.Select(e => e.RelativeFile.Replace('\\', '/')).Where(f => f.Contains("/finance/", StringComparison.Ordinal))
            .Select(f => "api-reference/finance/" + Path.GetFileName(f)).ToArray();
        Assert.That(files, Has.Length.EqualTo(6));
        Assert.That(Cases().Select(c => c.Spec), Is.SupersetOf(files));
    }
}
