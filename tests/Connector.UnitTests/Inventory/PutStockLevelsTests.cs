using Connector.Inventory;
using Connector.Testing;

namespace Connector.UnitTests.Inventory;

public sealed class PutStockLevelsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 31, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public void Every_bad_row_is_named_with_all_its_reasons()
    {
        var reader = Requests.Reader(new
        {
            levels = new object[]
            {
                new { sku = "A", location = "main", quantity = 3, asOf = "2026-01-31T09:00:00Z" },
                new { sku = "B", location = "main", quantity = -1, asOf = "2026-01-31T09:00:00Z" },
                new { sku = "", location = "main", quantity = 1, asOf = "2026-02-01T09:00:00Z" },
                "not a row",
            },
        }, Now);

        var request = PutStockLevels.Bind(reader, "m1");

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "levels[1]", "levels[2]", "levels[3]" }));
        Assert.That(reader.Errors["levels[1]"][0], Does.Contain("negative"));
        Assert.That(reader.Errors["levels[2]"], Has.Length.EqualTo(2), "the missing sku and the future asOf");
        Assert.That(request.Levels, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_bad_merchant_id_and_a_missing_list_are_named_together()
    {
        var reader = Requests.Reader(new { rows = Array.Empty<object>() }, Now);

        PutStockLevels.Bind(reader, "a b");

        Assert.That(reader.Errors.Keys, Is.EquivalentTo(new[] { "merchantId", "levels" }));
    }

    [Test]
    public void Good_levels_bind_as_sent()
    {
        var reader = Requests.Reader(new { levels = new[] { new { sku = "A", location = "main", quantity = 3, asOf = "2026-01-31T09:00:00Z" } } }, Now);

        var request = PutStockLevels.Bind(reader, "m1");

        Assert.That(reader.Errors, Is.Empty);
        Assert.That(request.Levels.Single(), Is.EqualTo(new StockLevel("A", "main", 3, new DateTimeOffset(2026, 1, 31, 9, 0, 0, TimeSpan.Zero))));
    }
}
