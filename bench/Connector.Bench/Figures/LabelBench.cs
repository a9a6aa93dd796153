using System.Diagnostics;
using Connector.Labels;
using Connector.Orders;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;
using TikTokSimulator;

namespace Connector.Bench.Figures;

/// <summary>
/// Label requests through TikTok Shipping (<see cref="LabelWorker"/>, the queue worker's work): orders shipped by
/// TikTok are pulled, then a whole-order label is requested for each, one after another; each ends Ready with its PDF
/// stored. TikTok calls are counted by the simulator, per label and by path.
/// </summary>
public static class LabelBench
{
    public static async Task<Figure> RunAsync(BenchEnvironment env, int labels, CancellationToken cancellationToken)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var app = env.Simulator.State.CreateApp();
        await using var services = BenchEnvironment.BuildServices(env.Settings(prefix, app));
        var seller = env.Simulator.State.CreateSeller(region: "US");
        var simShop = seller.Shops[0];
        var now = DateTimeOffset.UtcNow;
        var orders = env.Simulator.State.GenerateOrders(simShop.Id, labels, 25, now.AddDays(-1), now.AddHours(-2), "AWAITING_SHIPMENT", new SimOrderOptions(ShippingType: "TIKTOK"));
        await env.RegisterShopAsync(services, app, seller, simShop, now.AddDays(-2), cancellationToken);
        await services.GetRequiredService<OrderPullHandler>().HandleAsync(new OrderPullMessage(simShop.Id), cancellationToken);

        var store = services.GetRequiredService<OrderStore>();
        var labelStore = services.GetRequiredService<LabelStore>();
        var worker = services.GetRequiredService<LabelWorker>();
        var times = new List<double>();
        var before = env.Simulator.Calls.Count(app.AppKey);
        var byPathBefore = ByPath(env, app.AppKey);
        var total = Stopwatch.StartNew();
        foreach (var order in orders)
        {
            var stored = (await store.GetAsync(simShop.Id, order.Id, cancellationToken))?.Order
                ?? throw new InvalidOperationException($"order {order.Id} was not pulled");
            var key = "bench-" + order.Id;
            var label = new Label
            {
                LabelId = LabelStore.IdFor(BenchEnvironment.Merchant, key), MerchantId = BenchEnvironment.Merchant, IdempotencyKey = key, RequestHash = key,
                ShopId = simShop.Id, OrderId = order.Id, Lines = stored.Lines.Select(l => new Fulfilment.ShipmentLine(l.Sku, l.Quantity)).ToArray(), AllLines = true,
                Weight = new ParcelWeight(1.5m, "POUND"), DocumentSize = "A6", PackingSlip = false, Queued = true,
            };
            var watch = Stopwatch.StartNew();
            await labelStore.AddOrGetAsync(label, cancellationToken);
            var done = await worker.ProcessAsync(BenchEnvironment.Merchant, label.LabelId, true, cancellationToken);
            times.Add(watch.Elapsed.TotalMilliseconds);
            if (done?.Status != LabelStatus.Ready)
            {
                throw new InvalidOperationException($"the label of order {order.Id} ended {done?.Status}: {done?.Error}");
            }
        }

        total.Stop();
        var calls = env.Simulator.Calls.Count(app.AppKey) - before;
        var byPath = ByPath(env, app.AppKey).ToDictionary(p => p.Key, p => p.Value - byPathBefore.GetValueOrDefault(p.Key), StringComparer.Ordinal)
            .Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        var perLabel = (double)calls / labels;
        var median = FanOutBench.Median(times);
        Console.WriteLine($"  labels: {labels} ready, {perLabel:0.0} TikTok calls each, median {median:0} ms; " + string.Join(", ", byPath.Select(p => $"{p.Key} {p.Value}")));
        return new Figure
        {
            Id = "label-request",
            Title = $"Label request through TikTok Shipping: {labels} whole-order labels (US shop), each bought, handed over and its PDF stored",
            Connector = $"{Figure.N(perLabel, "0.0")} TikTok calls per label, {Figure.Ms(median)} median per label",
            Comparison = string.Join(", ", byPath.Select(p => $"{p.Key.Split('/')[^1]}: {Figure.N((double)p.Value / labels, "0.#")}")),
            Ratio = "",
            Notes = $"one label at a time ({Figure.Ms(total.Elapsed.TotalMilliseconds)} for all); TikTok calls by path per label in the comparison column; the client's own rate caps lifted",
            Data = new()
            {
                ["labels"] = labels,
                ["tiktokCalls"] = calls,
                ["callsPerLabel"] = Math.Round(perLabel, 2),
                ["callsByPath"] = byPath,
                ["medianMs"] = Math.Round(median, 1),
                ["totalMs"] = Math.Round(total.Elapsed.TotalMilliseconds, 1),
            },
        };
    }

    private static Dictionary<string, int> ByPath(BenchEnvironment env, string appKey) =>
        env.Simulator.Calls.Matching(appKey).GroupBy(c => c.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
