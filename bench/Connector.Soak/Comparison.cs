using Connector.Orders;
using TikTokSimulator;

namespace Connector.Soak;

/// <summary>
/// The simulator's orders against the stored ones. Missing: a paid order the connector never stored. Duplicated: an
/// order id stored in more than one row. Stale: stored with an older update_time or another status than TikTok shows.
/// Unexpected: stored but unpaid or unknown to TikTok.
/// </summary>
public sealed record Comparison(int SimulatorOrders, int Importable, int Stored, int Missing, int Duplicated, int Stale, int Unexpected, IReadOnlyList<string> Details)
{
    public bool Clean => Missing == 0 && Duplicated == 0 && Stale == 0 && Unexpected == 0;

    public static async Task<Comparison> RunAsync(SimulatorState simulator, IReadOnlyList<string> shopIds, OrderStore store)
    {
        var expected = simulator.Locked(() => shopIds.SelectMany(id => simulator.Shop(id).Orders.Values.Select(o => (ShopId: id, o.Id, o.Status, o.UpdateTime))).ToList());
        var stored = new List<StoredOrder>();
        foreach (var shopId in shopIds)
        {
            await foreach (var order in store.AllAsync(shopId, null, CancellationToken.None))
            {
                stored.Add(order.Order);
            }
        }

        var details = new List<string>();
        var storedById = stored.GroupBy(o => o.OrderId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var duplicated = storedById.Count(g => g.Value.Count > 1);
        var importable = expected.Where(o => o.Status != "UNPAID").ToList();
        var missing = 0;
        var stale = 0;
        foreach (var order in importable)
        {
            if (!storedById.TryGetValue(order.Id, out var rows))
            {
                missing++;
                details.Add($"missing: shop {order.ShopId} order {order.Id} ({order.Status}, updated {order.UpdateTime})");
                continue;
            }

            var row = rows[0];
            if (row.UpdateTime < order.UpdateTime || row.TikTokStatus != order.Status)
            {
                stale++;
                details.Add($"stale: shop {order.ShopId} order {order.Id}: stored {row.TikTokStatus} updated {row.UpdateTime}, TikTok {order.Status} updated {order.UpdateTime}");
            }
        }

        var known = expected.Where(o => o.Status != "UNPAID").Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var unexpected = storedById.Keys.Count(id => !known.Contains(id));
        return new Comparison(expected.Count, importable.Count, stored.Count, missing, duplicated, stale, unexpected, details);
    }
}
