using System.Diagnostics;
using Connector.Messaging;
using Connector.Orders;
using Connector.Shops;
using Connector.Storage;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Bench.Figures;

/// <summary>
/// The order-pull timer's fan-out (<see cref="OrderPullFanOut"/>: the Active index paged, 64 sends in flight) for N
/// active shops, against a loop that sends one message at a time over the same shop pages.
/// </summary>
public static class FanOutBench
{
    public static async Task<Figure> RunAsync(BenchEnvironment env, int shops, int repeats, CancellationToken cancellationToken)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var app = env.Simulator.State.CreateApp();
        await using var services = BenchEnvironment.BuildServices(env.Settings(prefix, app));
        var repository = services.GetRequiredService<ShopRepository>();

        var seeding = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, shops), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            await repository.CreateAsync(new ShopRecord
            {
                ShopId = "7495" + i.ToString("D12", System.Globalization.CultureInfo.InvariantCulture),
                MerchantId = BenchEnvironment.Merchant,
                AppKey = app.AppKey,
                AuthorizationId = "bench-authorization-" + (i / 3),
                Cipher = "cipher-" + i,
                Status = ShopStatus.Active,
                CreatedAt = now,
                UpdatedAt = now,
            }, ct);
        });
        seeding.Stop();
        Console.WriteLine($"  fan-out: {shops} active shops seeded in {seeding.Elapsed.TotalSeconds:0.0} s");

        var storage = services.GetRequiredService<StorageClients>();
        var fanOutQueue = await storage.QueueAsync(services.GetRequiredService<QueueNames>().OrderPull, cancellationToken);
        var loopQueue = await storage.QueueAsync(prefix + "-one-by-one", cancellationToken);
        var messages = services.GetRequiredService<MessageQueue>();
        var fanOut = services.GetRequiredService<OrderPullFanOut>();

        // Warm both paths (connections, JIT) on one shop page before timing.
        await messages.SendAsync(loopQueue.Name, new OrderPullMessage("warm-up"), cancellationToken);
        await fanOutQueue.SendMessageAsync(BinaryData.FromString("{}"), cancellationToken: cancellationToken);
        await fanOutQueue.ClearMessagesAsync(cancellationToken);
        await loopQueue.ClearMessagesAsync(cancellationToken);

        var fanOutMs = new List<double>();
        var loopMs = new List<double>();
        for (var run = 0; run < repeats; run++)
        {
            var watch = Stopwatch.StartNew();
            var sent = await fanOut.RunAsync(cancellationToken);
            watch.Stop();
            Check(sent, shops, "fan-out");
            fanOutMs.Add(watch.Elapsed.TotalMilliseconds);

            watch.Restart();
            var looped = 0;
            await foreach (var shopId in OrderPullFanOut.ActiveShopIdsAsync(repository, cancellationToken))
            {
                await messages.SendAsync(loopQueue.Name, new OrderPullMessage(shopId), cancellationToken);
                looped++;
            }

            watch.Stop();
            Check(looped, shops, "one-by-one loop");
            loopMs.Add(watch.Elapsed.TotalMilliseconds);
            Console.WriteLine($"  fan-out {shops}: run {run + 1}: fan-out {fanOutMs[^1]:0} ms, loop {loopMs[^1]:0} ms");
        }

        var queued = (await fanOutQueue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        Check(queued, shops * repeats, "messages on the order-pull queue");
        var fanOutMedian = Median(fanOutMs);
        var loopMedian = Median(loopMs);
        return new Figure
        {
            Id = $"fanout-{shops}",
            Title = $"Fan-out: one order-pull message per active shop, {shops:N0} shops",
            Connector = Figure.Ms(fanOutMedian) + $" ({Figure.N(shops / (fanOutMedian / 1000))} msg/s)",
            Comparison = Figure.Ms(loopMedian) + " one-by-one loop",
            Ratio = Figure.Times(loopMedian / fanOutMedian),
            Notes = repeats > 1 ? $"median of {repeats} runs" : "one run",
            Data = new()
            {
                ["shops"] = shops,
                ["fanOutMs"] = fanOutMs,
                ["oneByOneMs"] = loopMs,
                ["parallelism"] = MessageQueue.DefaultParallelism,
                ["activeIndexPageSize"] = OrderPullFanOut.PageSize,
            },
        };
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static void Check(long actual, long expected, string what)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"{what}: {actual}, expected {expected}");
        }
    }
}
