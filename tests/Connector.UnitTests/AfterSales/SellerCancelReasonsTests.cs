using System.Text.Json;
using System.Text.RegularExpressions;
using Connector.AfterSales;
using Connector.Testing.TikTokReference;

namespace Connector.UnitTests.AfterSales;

/// <summary>The connector's table of seller cancel reasons is TikTok's (cancel-reasons.json; TikTok has no API listing them).</summary>
public sealed class SellerCancelReasonsTests
{
    /// <summary>Market -> the reason names TikTok lists for sellers cancelling ON_HOLD / AWAITING_SHIPMENT orders.</summary>
    private static Dictionary<string, string[]> Reference()
    {
        var content = JsonDocument.Parse(File.ReadAllText(Path.Combine(TikTokReference.Default.Root, "api-reference/return-and-refund/cancel-reasons.json"))).RootElement.GetProperty("content").GetString()!;
        var markets = new Dictionary<string, string[]>();
        foreach (var market in Regex.Split(content, @"\n# ").Skip(1))
        {
            var name = market.Split('\n')[0].Replace(" market(s)", "").Replace(" market", "").Trim();
            var section = Regex.Match(market, @"## Seller Initiates Cancel Reason\n(.*?)(\n## |\z)", RegexOptions.Singleline).Groups[1].Value;
            string? status = null;
            var names = new List<string>();
            foreach (var row in section.Split('\n').Where(r => r.StartsWith('|')).Skip(2))
            {
                var cells = row.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
                status = cells[0].Length > 0 ? cells[0] : status;
                if (status!.Contains("AWAITING_SHIPMENT", StringComparison.Ordinal))
                {
                    names.Add(cells[2]);
                }
            }

            markets[name] = names.ToArray();
        }

        return markets;
    }

    [Test]
    public void The_table_has_every_market_of_the_reference_with_TikToks_reason_names()
    {
        var reference = Reference();

        Assert.That(SellerCancelReasons.ByMarket.Keys, Is.EquivalentTo(reference.Keys));
        foreach (var (market, names) in reference)
        {
            Assert.That(SellerCancelReasons.ByMarket[market].Select(r => r.Name), Is.EquivalentTo(names), market);
        }
    }

    [TestCase("GB", "UK")]
    [TestCase("US", "US")]
    [TestCase("DE", "EU")]
    [TestCase("MY", "MY")]
    [TestCase("XX", "US")]
    public void Regions_map_to_TikToks_markets(string region, string market) => Assert.That(SellerCancelReasons.Market(region), Is.EqualTo(market));

    [Test]
    public void Only_US_and_UK_shops_cancel_single_lines_and_only_for_items_out_of_stock()
    {
        Assert.That(SellerCancelReasons.AllowsPartial("US", "seller_cancel_reason_out_of_stock"), Is.True);
        Assert.That(SellerCancelReasons.AllowsPartial("GB", "seller_cancel_reason_out_of_stock_uk"), Is.True);
        Assert.That(SellerCancelReasons.AllowsPartial("GB", "seller_cancel_reason_wrong_price_uk"), Is.False);
        Assert.That(SellerCancelReasons.AllowsPartial("DE", "seller_cancel_reason_out_of_stock"), Is.False);
        Assert.That(SellerCancelReasons.For("US", "IN_TRANSIT"), Is.Empty, "shipped orders cannot be cancelled by the seller");
    }
}
