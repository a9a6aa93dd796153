using Connector.Finance;
using Connector.Testing;

namespace Connector.UnitTests.Finance;

public sealed class FinanceAdminRequestsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 23, 30, 0, TimeSpan.Zero);

    [Test]
    public void The_money_dashboard_is_for_today_in_UTC_unless_a_date_is_given()
    {
        var reader = Requests.Reader(null, Now);
        Assert.That(FinanceSummaryQuery.Bind(reader).Date, Is.EqualTo(new DateOnly(2026, 3, 10)));

        var dated = Requests.Reader(null, Now, "date=2026-02-28");
        Assert.That(FinanceSummaryQuery.Bind(dated).Date, Is.EqualTo(new DateOnly(2026, 2, 28)));
        Assert.That(dated.Errors, Is.Empty);
    }

    [Test]
    public void Every_bad_filter_of_the_money_dashboard_is_named_at_once()
    {
        var reader = Requests.Reader(null, Now, "date=yesterday&shopId=a'b&merchantId=%20x%20y&pageSize=zero&continuationToken=forged");

        FinanceSummaryQuery.Bind(reader);

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "date", "shopId", "merchantId", "pageSize", "continuationToken" }));
        Assert.That(reader.Errors["date"][0], Does.Contain("YYYY-MM-DD"));
    }
}
