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
    /// <param name="addedLatency">Storage answers held back this long by a <see cref="LatencyProxy"/> (a network round trip); null: bare loopback.</param>
    public static async Task<Figure> RunAsync(BenchEnvironment env, int shops, int repeats, TimeSpan? addedLatency, CancellationToken cancellationToken)
    {
        var prefix = TestEnvironment.UniquePrefix();
        var app = env.Simulator.State.CreateApp();
        var settings = env.Settings(prefix, app);
        await using var queueProxy = addedLatency is { } queueDelay ? LatencyProxy.Start(env.Emulators.Azurite.QueuePort, queueDelay) : null;
        await using var tableProxy = addedLatency is { } tableDelay ? LatencyProxy.Start(env.Emulators.Azurite.TablePort, tableDelay) : null;
        if (queueProxy is not null && tableProxy is not null)
        {
            var account = Azurite.AccountName;
            settings["AzureWebJobsStorage"] = $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={Azurite.AccountKey};"
                + $"QueueEndpoint=http://127.0.0.1:{queueProxy.Port}/{account};TableEndpoint=http://127.0.0.1:{tableProxy.Port}/{account};";
        }

        var latencyText = addedLatency is { } l ? $", {l.TotalMilliseconds:0} ms added per storage round trip" : "";
        await using var services = BenchEnvironment.BuildServices(settings);
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
            Console.WriteLine($"  fan-out {shops}{latencyText}: run {run + 1}: fan-out {fanOutMs[^1]:0} ms, loop {loopMs[^1]:0} ms");
        }

        var queued = (await fanOutQueue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        Check(queued, shops * repeats, "messages on the order-pull queue");
        var fanOutMedian = Median(fanOutMs);
        var loopMedian = Median(loopMs);
        return new Figure
        {
            Id = $"fanout-{shops}" + (addedLatency is null ? "" : "-latency"),
            Title = $"Fan-out: one order-pull message per active shop, {shops:N0} shops" + (addedLatency is null ? ", loopback Azurite" : latencyText + " (a nearby Azure region)"),
            Connector = Figure.Ms(fanOutMedian) + $" ({Figure.N(shops / (fanOutMedian / 1000))} msg/s)",
            Comparison = Figure.Ms(loopMedian) + " one-by-one loop",
            Ratio = Figure.Times(loopMedian / fanOutMedian),
            Notes = (repeats > 1 ? $"median of {repeats} runs" : "one run") + (addedLatency is null
                ? "; on loopback Azurite (one Node.js thread) answers in about a millisecond and is the bottleneck for both"
                : "; the same Azurite behind a proxy that holds each answer back"),
            Data = new()
            {
                ["shops"] = shops,
                ["addedLatencyMs"] = addedLatency?.TotalMilliseconds ?? 0,
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
