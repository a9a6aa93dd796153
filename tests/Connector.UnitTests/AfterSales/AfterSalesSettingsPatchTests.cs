using System.Text.Json;
using Connector.AfterSales;
using Connector.Admin.Shops;
using Connector.Fulfilment;
using Connector.Shops;

namespace Connector.UnitTests.AfterSales;

public sealed class AfterSalesSettingsPatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Support_switches_auto_approval_of_buyer_cancellations_off_and_the_other_sections_stay()
    {
        var current = new ShopSettings { Fulfilment = new Connector.Fulfilment.FulfilmentSettings { FallbackCarrier = "Royal Mail" } };

        var (patched, errors) = ShopSettingsPatch.Apply(current, JsonDocument.Parse("""{"afterSales": {"autoApproveBuyerCancellations": false}}""").RootElement, Now);

        Assert.That(errors, Is.Empty);
        Assert.That(patched!.AfterSales!.AutoApproveBuyerCancellations, Is.False);
        Assert.That(patched!.Fulfilment!.FallbackCarrier, Is.EqualTo("Royal Mail"));
        Assert.That(new ShopSettings().AfterSales?.AutoApproveBuyerCancellations ?? new Connector.AfterSales.AfterSalesSettings().AutoApproveBuyerCancellations, Is.True, "on by default");
    }

    [TestCase("""{"afterSales": {"autoApprove": false}}""", "afterSales.autoApprove")]
    [TestCase("""{"afterSales": {"autoApproveBuyerCancellations": "no"}}""", "afterSales.autoApproveBuyerCancellations")]
    [TestCase("""{"afterSales": true}""", "afterSales")]
    public void A_bad_after_sales_setting_is_named_and_nothing_changes(string patch, string field)
    {
        var (patched, errors) = ShopSettingsPatch.Apply(new ShopSettings(), JsonDocument.Parse(patch).RootElement, Now);

        Assert.That(patched, Is.Null);
        Assert.That(errors.Keys, Does.Contain(field));
    }
}
