using Connector.Fulfilment;
using Connector.TikTok.Api;

namespace Connector.UnitTests.Fulfilment;

public sealed class CarrierMapTests
{
    private static readonly TikTokShippingProvider[] UkProviders =
    [
        new() { Id = "p-rm", Name = "Royal Mail" }, new() { Id = "p-dpd", Name = "DPD" }, new() { Id = "p-evri", Name = "Evri" },
    ];

    private static readonly TikTokShippingProvider[] UsProviders =
    [
        new() { Id = "p-usps", Name = "USPS" }, new() { Id = "p-ups", Name = "UPS" }, new() { Id = "p-fedex", Name = "FedEx" }, new() { Id = "p-dhl", Name = "DHL eCommerce" },
    ];

    [TestCase("Royal Mail", "p-rm", CarrierMatch.Exact)]
    [TestCase("royal-mail", "p-rm", CarrierMatch.Exact)]
    [TestCase("Royal Mail Tracked 48", "p-rm", CarrierMatch.Mapped)]
    [TestCase("DPD UK", "p-dpd", CarrierMatch.Mapped)]
    [TestCase("Hermes", "p-evri", CarrierMatch.Mapped)]
    [TestCase("p-dpd", "p-dpd", CarrierMatch.Exact)]
    public void UK_carriers_resolve_by_name_alias_or_provider_id(string carrier, string provider, CarrierMatch match)
    {
        var resolved = CarrierMap.Resolve(carrier, "GB", UkProviders, settings: null);

        Assert.That(resolved, Is.EqualTo(new CarrierResolution(provider, UkProviders.Single(p => p.Id == provider).Name!, match)));
    }

    [TestCase("United States Postal Service", "p-usps")]
    [TestCase("Federal Express", "p-fedex")]
    [TestCase("DHL", "p-dhl")]
    [TestCase("ups ground", "p-ups")]
    public void US_carriers_resolve_through_the_US_list(string carrier, string provider) =>
        Assert.That(CarrierMap.Resolve(carrier, "US", UsProviders, settings: null)?.ProviderId, Is.EqualTo(provider));

    [Test]
    public void UK_is_read_as_GB() => Assert.That(CarrierMap.Resolve("DPD UK", "UK", UkProviders, null)?.ProviderId, Is.EqualTo("p-dpd"));

    [Test]
    public void A_carrier_the_shop_does_not_offer_falls_back_to_the_shops_fallback_carrier()
    {
        var resolved = CarrierMap.Resolve("Pigeon Post", "GB", UkProviders, new FulfilmentSettings { FallbackCarrier = "DPD UK" });

        Assert.That(resolved, Is.EqualTo(new CarrierResolution("p-dpd", "DPD", CarrierMatch.Fallback)));
    }

    [Test]
    public void A_known_carrier_the_shop_does_not_offer_is_not_matched_to_another_carrier()
    {
        Assert.That(CarrierMap.Resolve("Yodel", "GB", UkProviders, null), Is.Null);
        Assert.That(CarrierMap.Resolve("USPS", "GB", UkProviders, null), Is.Null, "US carriers are not in the UK list");
    }

    [Test]
    public void Shop_aliases_name_the_merchants_own_carrier_names()
    {
        var settings = new FulfilmentSettings { CarrierAliases = new() { ["RM-T48-SIGNED"] = "Royal Mail" } };

        Assert.That(CarrierMap.Resolve("rm t48 signed", "GB", UkProviders, settings)?.ProviderId, Is.EqualTo("p-rm"));
    }

    [Test]
    public void An_unknown_carrier_without_fallback_resolves_to_nothing() =>
        Assert.That(CarrierMap.Resolve("Pigeon Post", "GB", UkProviders, new FulfilmentSettings()), Is.Null);

    [Test]
    public void The_seed_holds_Pipe17s_US_and_UK_lists()
    {
        Assert.That(CarrierMap.Regions["US"].Select(c => c.Name).ToList(), Has.Count.EqualTo(17).And.Contains("Spee-Dee Delivery").And.Contains("First Mile"));
        Assert.That(CarrierMap.Regions["GB"].Select(c => c.Name).ToList(), Has.Count.EqualTo(11).And.Contains("Parcel Force").And.Contains("Amazon Shipping UK"));
    }
}
