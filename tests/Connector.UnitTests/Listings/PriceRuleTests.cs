using Connector.Listings;

namespace Connector.UnitTests.Listings;

public sealed class PriceRuleTests
{
    [TestCase("+10%", null, "10.00", "11.00")]
    [TestCase("-5%", null, "19.99", "18.99")]
    [TestCase("+2.50", null, "10", "12.50")]
    [TestCase("-1", null, "10.00", "9.00")]
    [TestCase("+10%", "ending:0.99", "10.00", "11.99")]
    [TestCase("+10%", "ending:0.99", "9.00", "9.99")]
    [TestCase("", "ending:0.95", "12.96", "13.95")]
    [TestCase("", "nearest:0.05", "12.97", "12.95")]
    [TestCase("+15%", "nearest:1", "10.00", "12.00")]
    [TestCase(null, "none", "3.333", "3.33")]
    public void Applies_the_adjustment_then_the_rounding_to_whole_cents(string? adjust, string? rounding, string price, string expected)
    {
        var (rule, errors) = PriceRule.Parse(adjust, rounding);

        Assert.That(errors, Is.Empty);
        Assert.That(rule!.Apply(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(expected));
    }

    [TestCase("10%", null, "adjust")]
    [TestCase("+ten", null, "adjust")]
    [TestCase("-100%", null, "adjust")]
    [TestCase("*2", null, "adjust")]
    [TestCase(null, "ceil", "rounding")]
    [TestCase(null, "ending:1.5", "rounding")]
    [TestCase(null, "nearest:0", "rounding")]
    public void A_rule_that_does_not_parse_names_its_part(string? adjust, string? rounding, string part)
    {
        var (rule, errors) = PriceRule.Parse(adjust, rounding);

        Assert.That(rule, Is.Null);
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { part }));
    }
}
