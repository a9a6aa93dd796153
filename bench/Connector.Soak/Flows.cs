using System.Globalization;
using System.Text.Json;
using Connector.Orders;
using Connector.Shops;
using TikTokSimulator;

namespace Connector.Soak;

/// <summary>One flow's verdict: what should be on TikTok (or stored), what is missing, there twice, or different.</summary>
public sealed record FlowResult(string Flow, int Expected, int Missing, int Duplicated, int Different, IReadOnlyList<string> Details)
{
    public bool Clean => Missing == 0 && Duplicated == 0 && Different == 0;
}

/// <summary>What the flows share: the simulator, the back office, the shops that keep working, the orders in use.</summary>
public sealed class SoakContext
{
    private readonly HashSet<string> reserved = new(StringComparer.Ordinal);
    private List<StoredOrder> cache = [];
    private DateTimeOffset cachedAt = DateTimeOffset.MinValue;

    public required SimulatorState Sim { get; init; }
    public required TikTokSimulatorServer Server { get; init; }
    public required SimApp App { get; init; }
    public required BackOffice BackOffice { get; init; }
    public required OrderStore Orders { get; init; }
    public required ShopRepository Shops { get; init; }
    public required string Merchant { get; init; }
    public required Random Random { get; init; }
    public required Action<string> Say { get; init; }
    public required Action<string, int> Count { get; init; }

    /// <summary>Shops that stay authorized all along (the deauthorized one is not among them).</summary>
    public required IReadOnlyList<string> ShopIds { get; init; }

    public bool IsReserved(string orderId)
    {
        lock (reserved)
        {
            return reserved.Contains(orderId);
        }
    }

    /// <summary>
    /// A stored order the connector holds as TikTok shows it now (same update_time), seller shipping, ReadyToFulfil,
    /// AWAITING_SHIPMENT on TikTok, not used by another flow; taken for the caller (the random order changes leave it alone).
    /// </summary>
    public async Task<StoredOrder?> TakeOrderAsync()
    {
        if (DateTimeOffset.UtcNow - cachedAt > TimeSpan.FromSeconds(8))
        {
            var fresh = new List<StoredOrder>();
            foreach (var shopId in ShopIds)
            {
                try
                {
                    await foreach (var order in Orders.AllAsync(shopId, null, CancellationToken.None))
                    {
                        if (order.Order is { State: OrderState.ReadyToFulfil, ShippingType: "SELLER" })
                        {
                            fresh.Add(order.Order);
                        }
                    }
                }
                catch (Azure.RequestFailedException)
                {
                    return null; // storage restarting: next tick
                }
            }

            cache = fresh;
            cachedAt = DateTimeOffset.UtcNow;
        }

        lock (reserved)
        {
            var candidates = cache.Where(o => !reserved.Contains(o.OrderId)).ToList();
            while (candidates.Count > 0)
            {
                var pick = candidates[Random.Next(candidates.Count)];
                candidates.Remove(pick);
                var current = Sim.Locked(() => Sim.Shop(pick.ShopId).Orders[pick.OrderId] is var o ? (o.Status, o.UpdateTime, o.ShippingType) : default);
                if (current.Status == "AWAITING_SHIPMENT" && current.UpdateTime == pick.UpdateTime && current.ShippingType != "TIKTOK")
                {
                    reserved.Add(pick.OrderId);
                    return pick;
                }
            }

            return null;
        }
    }

    public IReadOnlyList<SimPackage> Packages(string shopId, string orderId) =>
        Sim.Locked(() => Sim.Packages(shopId).Where(p => p.OrderIds.Contains(orderId) && p.Status != SimulatorState.PackageCancelled).ToList());
}

public interface IFlow
{
    string Name { get; }

    /// <summary>Once, when the worker is up.</summary>
    Task StartAsync();

    /// <summary>During the faults: new work, and what is still pending.</summary>
    Task TickAsync();

    /// <summary>After the faults: only what is still pending (answers not yet final, requests waiting to be known).</summary>
    Task SettleAsync();

    Task<FlowResult> CompareAsync();
}

/// <summary>
/// Stock in (with stock-outs: quantities at or below the threshold) over HTTP; TikTok's quantity of every reported SKU
/// must equal the rules applied to the back office's newest levels (Total mode: the sum over locations; at or below
/// the threshold 0; else the buffer held back, rounded down).
/// </summary>
public sealed class InventoryFlow(SoakContext context) : IFlow
{
    public const int Threshold = 2;
    public const int BufferPercent = 10;
    private static readonly string[] Locations = ["main", "east"];
    private readonly Dictionary<(string Sku, string Location), int> levels = [];
    private readonly List<(object[][] Rows, DateTimeOffset AsOf)> pending = [];
    private List<string> skus = [];

    public string Name => "inventory";

    public static int Listed(int available) => available <= Threshold ? 0 : available * (100 - BufferPercent) / 100;

    public async Task StartAsync()
    {
        skus = context.Sim.Locked(() => context.ShopIds.SelectMany(id => context.Sim.Shop(id).Products.Values.SelectMany(p => p.Skus).Select(s => s.SellerSku)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
        var first = skus.SelectMany(sku => Locations.Select(location => new object[] { sku, location, context.Random.Next(5, 60) })).ToArray();
        await SendAsync(first, DateTimeOffset.UtcNow);
    }

    public async Task TickAsync()
    {
        await SettleAsync();
        if (context.Random.NextDouble() < 0.5 && skus.Count > 0)
        {
            var rows = Enumerable.Range(0, context.Random.Next(1, 5)).Select(_ => new object[]
            {
                skus[context.Random.Next(skus.Count)], Locations[context.Random.Next(Locations.Length)],
                context.Random.NextDouble() < 0.3 ? context.Random.Next(0, Threshold + 1) : context.Random.Next(3, 80),
            }).DistinctBy(r => ((string)r[0], (string)r[1])).ToArray();
            await SendAsync(rows, DateTimeOffset.UtcNow);
        }
    }

    public async Task SettleAsync()
    {
        var again = pending.ToList();
        pending.Clear();
        foreach (var (rows, asOf) in again)
        {
            await SendAsync(rows, asOf);
        }
    }

    private async Task SendAsync(object[][] list, DateTimeOffset asOf)
    {
        var body = new { levels = list.Select(r => new { sku = (string)r[0], location = (string)r[1], quantity = (int)r[2], asOf }).ToArray() };
        var (status, answer) = await context.BackOffice.SendAsync(HttpMethod.Put, $"api/merchants/{context.Merchant}/inventory", body, TimeSpan.FromSeconds(10));
        if (status == 200)
        {
            foreach (var r in list)
            {
                levels[((string)r[0], (string)r[1])] = (int)r[2];
            }

            context.Count("stock levels sent", list.Length);
            context.Count("stock-outs sent", list.Count(r => (int)r[2] <= Threshold));
        }
        else if (status == 0)
        {
            pending.Add((list, asOf)); // the same levels with the same asOf again: idempotent
        }
        else
        {
            context.Say($"inventory: stock in refused {status}: {answer}");
        }
    }

    public Task<FlowResult> CompareAsync()
    {
        var details = new List<string>();
        var expected = 0;
        var different = 0;
        var missing = pending.Count;
        var totals = levels.GroupBy(l => l.Key.Sku, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Value), StringComparer.Ordinal);
        foreach (var shopId in context.ShopIds)
        {
            var (warehouse, shopSkus) = context.Sim.Locked(() =>
            {
                var shop = context.Sim.Shop(shopId);
                return (shop.Warehouses.First(w => w.IsDefault).Id, shop.Products.Values.Where(p => p.Status != "DELETED").SelectMany(p => p.Skus).ToList());
            });
            foreach (var group in shopSkus.GroupBy(s => s.SellerSku, StringComparer.Ordinal).Where(g => g.Count() == 1 && totals.ContainsKey(g.Key)))
            {
                var sku = group.Single();
                expected++;
                var want = Listed(totals[sku.SellerSku]);
                var have = context.Sim.Stock(shopId, sku.Id, warehouse);
                if (have != want)
                {
                    different++;
                    details.Add($"inventory: shop {shopId} SKU {sku.SellerSku}: TikTok {have}, back office {totals[sku.SellerSku]} -> {want} after the rules");
                }
            }
        }

        return Task.FromResult(new FlowResult(Name, expected, missing, 0, different, details));
    }
}

/// <summary>Release, then tracking back to TikTok (POST shipments): each shipment exactly once on TikTok, and Shipped.</summary>
public sealed class ShipmentFlow(SoakContext context) : IFlow
{
    private readonly List<(string ShopId, string OrderId, object Body)> pending = [];
    private readonly List<(string ShopId, string OrderId, string Tracking, string ShipmentId)> sent = [];

    public string Name => "shipments";

    public Task StartAsync() => Task.CompletedTask;

    public async Task TickAsync()
    {
        await SettleAsync();
        if (context.Random.NextDouble() >= 0.4 || await context.TakeOrderAsync() is not { } order)
        {
            return;
        }

        var (released, _) = await context.BackOffice.SendAsync(HttpMethod.Post, $"api/merchants/{context.Merchant}/orders/{order.OrderId}/release", new { });
        if (released != 200)
        {
            context.Say($"shipments: release of {order.OrderId} answered {released}");
            return;
        }

        var tracking = "SK" + order.OrderId[^10..] + "GB";
        var body = new
        {
            orderId = order.OrderId, shopId = order.ShopId, lines = "all", carrier = "Royal Mail Tracked 48", trackingNumber = tracking,
            shippedAt = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), idempotencyKey = "soak-ship-" + order.OrderId,
        };
        await ShipAsync(order.ShopId, order.OrderId, body);
    }

    public async Task SettleAsync()
    {
        var again = pending.ToList();
        pending.Clear();
        foreach (var (shopId, orderId, body) in again)
        {
            await ShipAsync(shopId, orderId, body);
        }
    }

    private async Task ShipAsync(string shopId, string orderId, object body)
    {
        var (status, answer) = await context.BackOffice.SendAsync(HttpMethod.Post, $"api/merchants/{context.Merchant}/shipments", body, TimeSpan.FromSeconds(10));
        if (status == 202 && BackOffice.Find(answer, "shipmentId") is { } shipmentId)
        {
            sent.Add((shopId, orderId, JsonSerializer.SerializeToElement(body).GetProperty("trackingNumber").GetString()!, shipmentId));
            context.Count("shipments sent", 1);
        }
        else if (status == 0)
        {
            pending.Add((shopId, orderId, body));
        }
        else
        {
            context.Say($"shipments: order {orderId} answered {status}: {answer}");
        }
    }

    public async Task<FlowResult> CompareAsync()
    {
        var details = new List<string>();
        var (missing, duplicated, different) = (pending.Count, 0, 0);
        foreach (var (shopId, orderId, tracking, shipmentId) in sent.DistinctBy(s => s.ShipmentId))
        {
            // Seller shipping: TikTok keeps the tracking on the order and one package id on each shipped line.
            var (onTikTok, packageIds, unshipped, orderStatus) = context.Sim.Locked(() =>
            {
                var order = context.Sim.Shop(shopId).Orders[orderId];
                return (order.TrackingNumber, order.LineItems.Where(l => l.PackageId is not null).Select(l => l.PackageId!).Distinct(StringComparer.Ordinal).ToList(),
                    order.LineItems.Count(l => l.PackageId is null), order.Status);
            });
            if (onTikTok != tracking || unshipped > 0 || packageIds.Count == 0)
            {
                missing++;
                details.Add($"shipments: order {orderId} ({orderStatus}): TikTok has tracking {onTikTok ?? "none"} and {unshipped} lines without a package; sent {tracking}");
            }
            else if (packageIds.Count > 1)
            {
                duplicated++;
                details.Add($"shipments: order {orderId}: {packageIds.Count} packages on TikTok for one shipment");
            }

            var (status, answer) = await context.BackOffice.SendAsync(HttpMethod.Get, $"api/merchants/{context.Merchant}/shipments/{shipmentId}", patience: TimeSpan.FromSeconds(5));
            if (status != 200 || BackOffice.Find(answer, "status") != "Shipped")
            {
                different++;
                details.Add($"shipments: {shipmentId} (order {orderId}) is {BackOffice.Find(answer, "status") ?? status.ToString(CultureInfo.InvariantCulture)}, not Shipped");
            }
        }

        return new FlowResult(Name, sent.DistinctBy(s => s.ShipmentId).Count() + pending.Count, missing, duplicated, different, details);
    }
}

/// <summary>
/// Orders moved to TikTok shipping (TikTok made the package) get a label bought (POST labels, idempotent by key) once
/// the connector has imported the change: each order exactly one package with a tracking number on TikTok, label Ready.
/// </summary>
public sealed class LabelFlow(SoakContext context) : IFlow
{
    private readonly List<(string ShopId, string OrderId)> converting = [];
    private readonly List<(string ShopId, string OrderId)> pending = [];
    private readonly List<(string ShopId, string OrderId, string LabelId)> bought = [];

    public string Name => "labels";

    public Task StartAsync() => Task.CompletedTask;

    public async Task TickAsync()
    {
        await SettleAsync();
        if (context.Random.NextDouble() < 0.25 && await context.TakeOrderAsync() is { } order)
        {
            context.Sim.UseTikTokShipping(order.ShopId, order.OrderId);
            converting.Add((order.ShopId, order.OrderId));
        }
    }

    public async Task SettleAsync()
    {
        foreach (var (shopId, orderId) in converting.ToList())
        {
            StoredOrder? stored;
            try
            {
                stored = (await context.Orders.GetAsync(shopId, orderId, CancellationToken.None))?.Order;
            }
            catch (Azure.RequestFailedException)
            {
                return;
            }

            if (stored is { ShippingType: "TIKTOK", State: OrderState.ReadyToFulfil })
            {
                converting.Remove((shopId, orderId));
                pending.Add((shopId, orderId));
            }
        }

        foreach (var (shopId, orderId) in pending.ToList())
        {
            var body = new
            {
                idempotencyKey = "soak-label-" + orderId, lines = "all", weight = new { value = 1.2m, unit = "KILOGRAM" },
                dimensions = new { length = 20, width = 15, height = 10, unit = "CENTIMETER" },
            };
            var (status, answer) = await context.BackOffice.SendAsync(HttpMethod.Post, $"api/merchants/{context.Merchant}/orders/{orderId}/labels", body, TimeSpan.FromSeconds(10));
            if (status is 200 or 201 && BackOffice.Find(answer, "labelId") is { } labelId)
            {
                pending.Remove((shopId, orderId));
                bought.Add((shopId, orderId, labelId));
                context.Count("labels bought", 1);
            }
            else if (status != 0)
            {
                pending.Remove((shopId, orderId));
                context.Say($"labels: order {orderId} answered {status}: {answer}");
            }
        }
    }

    public async Task<FlowResult> CompareAsync()
    {
        var details = new List<string>();
        var (missing, duplicated, different) = (pending.Count + converting.Count, 0, 0);
        details.AddRange(converting.Select(c => $"labels: order {c.OrderId} never came back as a TikTok-shipping order"));
        foreach (var (shopId, orderId, labelId) in bought.DistinctBy(b => b.LabelId))
        {
            var packages = context.Packages(shopId, orderId);
            if (packages.Count == 0 || packages.All(p => string.IsNullOrEmpty(p.TrackingNumber)))
            {
                missing++;
                details.Add($"labels: order {orderId}: no package with a tracking number on TikTok");
            }
            else if (packages.Count > 1)
            {
                duplicated++;
                details.Add($"labels: order {orderId}: {packages.Count} packages on TikTok");
            }

            var (status, answer) = await context.BackOffice.SendAsync(HttpMethod.Get, $"api/merchants/{context.Merchant}/labels/{labelId}", patience: TimeSpan.FromSeconds(5));
            if (status != 200 || BackOffice.Find(answer, "status") != "Ready")
            {
                different++;
                details.Add($"labels: {labelId} (order {orderId}) is {BackOffice.Find(answer, "status") ?? status.ToString(CultureInfo.InvariantCulture)}, not Ready");
            }
        }

        return new FlowResult(Name, bought.DistinctBy(b => b.LabelId).Count() + pending.Count + converting.Count, missing, duplicated, different, details);
    }
}

/// <summary>
/// The seller's answers: a buyer's cancellation of a released order approved by the back office, and a return of a
/// delivered order approved. Each exactly once on TikTok (one decision under the connector's idempotency key).
/// </summary>
public sealed class AfterSalesFlow(SoakContext context) : IFlow
{
    private readonly List<(string ShopId, string OrderId, string RequestId, bool Cancellation)> waiting = [];
    private readonly List<(string ShopId, string OrderId, string RequestId, bool Cancellation)> approved = [];
    private int turn;

    public string Name => "after-sales";

    public Task StartAsync() => Task.CompletedTask;

    public async Task TickAsync()
    {
        await SettleAsync();
        if (context.Random.NextDouble() >= 0.25 || await context.TakeOrderAsync() is not { } order)
        {
            return;
        }

        if (turn++ % 2 == 0)
        {
            var (released, _) = await context.BackOffice.SendAsync(HttpMethod.Post, $"api/merchants/{context.Merchant}/orders/{order.OrderId}/release", new { });
            if (released != 200)
            {
                return;
            }

            var request = context.Sim.RequestCancellation(order.ShopId, order.OrderId);
            waiting.Add((order.ShopId, order.OrderId, request.Id, true));
        }
        else
        {
            context.Sim.ChangeOrder(order.ShopId, order.OrderId, "DELIVERED");
            var request = context.Sim.RequestReturn(order.ShopId, order.OrderId);
            waiting.Add((order.ShopId, order.OrderId, request.Id, false));
        }
    }

    public async Task SettleAsync()
    {
        foreach (var item in waiting.ToList())
        {
            var (known, request) = await context.BackOffice.SendAsync(HttpMethod.Get, $"api/merchants/{context.Merchant}/after-sales/{item.RequestId}", patience: TimeSpan.FromSeconds(5));
            if (known != 200 || BackOffice.Find(request, "state") != "Requested")
            {
                continue; // not stored yet (webhook lost while the worker was down: the after-sales pull brings it)
            }

            var (status, answer) = await context.BackOffice.SendAsync(HttpMethod.Post, $"api/merchants/{context.Merchant}/after-sales/{item.RequestId}/approve",
                new { idempotencyKey = "soak-approve-" + item.RequestId }, TimeSpan.FromSeconds(10));
            if (status == 200)
            {
                waiting.Remove(item);
                approved.Add(item);
                context.Count(item.Cancellation ? "cancellations approved" : "returns approved", 1);
            }
            else if (status != 0)
            {
                context.Say($"after-sales: approve {item.RequestId} answered {status}: {answer}");
                if (status is 400 or 404 or 422)
                {
                    waiting.Remove(item);
                }
            }
        }
    }

    public Task<FlowResult> CompareAsync()
    {
        var details = new List<string>();
        var (missing, duplicated, different) = (waiting.Count, 0, 0);
        details.AddRange(waiting.Select(w => $"after-sales: {(w.Cancellation ? "cancellation" : "return")} {w.RequestId} of order {w.OrderId} never approved"));
        foreach (var (shopId, orderId, requestId, cancellation) in approved)
        {
            var (decisions, status) = context.Sim.Locked(() =>
            {
                var shop = context.Sim.Shop(shopId);
                var request = cancellation ? shop.Cancellations[requestId] : shop.Returns[requestId];
                return (request.Decisions.Where(d => !d.Key.StartsWith("system-", StringComparison.Ordinal)).Select(d => d.Value).ToList(), request.Status);
            });
            if (decisions.Count == 0)
            {
                missing++;
                details.Add($"after-sales: {requestId} (order {orderId}): no decision on TikTok");
            }
            else if (decisions.Count > 1)
            {
                duplicated++;
                details.Add($"after-sales: {requestId} (order {orderId}): {decisions.Count} decisions on TikTok");
            }

            var ok = cancellation
                ? status is SimulatorState.CancellationSuccess or SimulatorState.CancellationComplete
                : status is SimulatorState.ReturnAwaitingBuyerShip or SimulatorState.ReturnBuyerShipped or SimulatorState.ReturnSuccess or SimulatorState.ReturnComplete;
            if (!ok)
            {
                different++;
                details.Add($"after-sales: {requestId} (order {orderId}) is {status} on TikTok after the approval");
            }
        }

        return Task.FromResult(new FlowResult(Name, approved.Count + waiting.Count, missing, duplicated, different, details));
    }
}

/// <summary>
/// The catalog (PUT products, new mugs and price changes) through a listing profile (+10%, prices ending .99) to the
/// first shop: each catalog product exactly once on TikTok, with the profile's price.
/// </summary>
public sealed class ListingFlow(SoakContext context, Uri simulatorBase) : IFlow
{
    private const string Profile = """
        {"isDefault": true, "tiktokCategoryId": "600003",
         "attributes": [{"attributeId": "100392", "source": "attributes.material"}, {"attributeId": "100393", "value": "350"}],
         "salesAttributes": [{"option": "Colour", "attributeId": "100000"}],
         "priceRule": {"adjust": "+10%", "rounding": "ending:0.99"}}
        """;

    private readonly Dictionary<string, decimal> catalog = new(StringComparer.Ordinal);
    private readonly List<Dictionary<string, decimal>> pending = [];
    private int next;
    private bool started;

    public string Name => "listings";

    private string ShopId => context.ShopIds[0];

    /// <summary>The profile's rule: +10%, then up to the next price ending in .99.</summary>
    public static decimal Listed(decimal price) => Math.Floor(price * 1.10m) + 0.99m;

    public async Task StartAsync()
    {
        var (patched, patchAnswer) = await context.BackOffice.SendAsync(HttpMethod.Patch, $"api/admin/shops/{ShopId}/settings", new { listings = new { enabled = true } }, TimeSpan.FromSeconds(60));
        var (profiled, profileAnswer) = await context.BackOffice.SendAsync(HttpMethod.Put, $"api/merchants/{context.Merchant}/listing-profiles/mugs",
            JsonSerializer.Deserialize<JsonElement>(Profile), TimeSpan.FromSeconds(60));
        started = patched == 200 && profiled == 200;
        if (!started)
        {
            context.Say($"listings: not started: settings {patched} {patchAnswer}, profile {profiled} {profileAnswer}");
        }
    }

    public async Task TickAsync()
    {
        await SettleAsync();
        if (!started || context.Random.NextDouble() >= 0.2)
        {
            return;
        }

        var products = new Dictionary<string, decimal>(StringComparer.Ordinal);
        for (var i = context.Random.Next(1, 4); i > 0; i--)
        {
            var id = catalog.Count > 0 && context.Random.NextDouble() < 0.4 ? catalog.Keys.ElementAt(context.Random.Next(catalog.Count)) : "SOAK-" + (++next).ToString("D3", CultureInfo.InvariantCulture);
            products[id] = context.Random.Next(5, 30);
        }

        await PutAsync(products);
    }

    public async Task SettleAsync()
    {
        var again = pending.ToList();
        pending.Clear();
        foreach (var products in again)
        {
            await PutAsync(products);
        }
    }

    private async Task PutAsync(Dictionary<string, decimal> products)
    {
        var body = new
        {
            products = products.Select(p => new
            {
                id = p.Key, title = "Stoneware mug " + p.Key, description = "<p>A big mug.</p>",
                images = new[] { new Uri(simulatorBase, "_sim/sample-images/800x800.png?v=" + p.Key).ToString() }, category = "Kitchen/Mugs", brand = "Acme Home",
                weight = new { value = 350, unit = "GRAM" }, dimensions = new { length = 10, width = 9, height = 10, unit = "CENTIMETER" },
                attributes = new Dictionary<string, string> { ["material"] = "Ceramic" },
                variants = new object[]
                {
                    new { sku = p.Key + "-RED", price = p.Value, options = new Dictionary<string, string> { ["Colour"] = "Red" } },
                    new { sku = p.Key + "-WHITE", price = p.Value, options = new Dictionary<string, string> { ["Colour"] = "White" } },
                },
            }).ToArray(),
        };
        var (status, answer) = await context.BackOffice.SendAsync(HttpMethod.Put, $"api/merchants/{context.Merchant}/products", body, TimeSpan.FromSeconds(10));
        if (status == 200)
        {
            foreach (var (id, price) in products)
            {
                catalog[id] = price;
            }

            context.Count("catalog products sent", products.Count);
        }
        else if (status == 0)
        {
            pending.Add(products);
        }
        else
        {
            context.Say($"listings: catalog refused {status}: {answer}");
        }
    }

    public Task<FlowResult> CompareAsync()
    {
        var details = new List<string>();
        var (missing, duplicated, different) = (pending.Count, 0, 0);
        var onTikTok = context.Sim.Locked(() => context.Sim.Shop(ShopId).Products.Values.Where(p => p.Status != "DELETED")
            .Select(p => (p.Title, Prices: p.Skus.Select(s => s.Price.SalePrice).ToList())).ToList());
        foreach (var (id, price) in catalog)
        {
            var listed = onTikTok.Where(p => p.Title == "Stoneware mug " + id).ToList();
            if (listed.Count == 0)
            {
                missing++;
                details.Add($"listings: {id} not on TikTok");
            }
            else if (listed.Count > 1)
            {
                duplicated++;
                details.Add($"listings: {id} {listed.Count} times on TikTok");
            }
            else if (listed[0].Prices.Count != 2 || listed[0].Prices.Any(p => p != Listed(price)))
            {
                different++;
                details.Add($"listings: {id}: TikTok {string.Join("/", listed[0].Prices)}, catalog {price} -> {Listed(price)} after the profile");
            }
        }

        return Task.FromResult(new FlowResult(Name, catalog.Count + pending.Count, missing, duplicated, different, details));
    }
}

/// <summary>
/// Tokens: access tokens expired at random (the connector refreshes them), and one seller deauthorizes the app midway
/// (TikTok revokes the grant and sends webhook 6). Every other shop must end Active; the deauthorized one
/// ReauthorizationRequired.
/// </summary>
public sealed class AuthorizationFlow(SoakContext context, SimSeller deauthorized) : IFlow
{
    private bool revoked;

    public string Name => "tokens";

    public string DeauthorizedShopId => deauthorized.Shops[0].Id;

    public Task StartAsync() => Task.CompletedTask;

    public Task TickAsync() => Task.CompletedTask;

    /// <summary>The seller deauthorizes the app: TikTok revokes the grant and pushes webhook 6 (again, as TikTok does, while the worker is down).</summary>
    public Task RevokeAsync()
    {
        context.Sim.Revoke(context.App.AppKey, deauthorized.OpenId);
        revoked = true;
        context.Say($"seller of shop {DeauthorizedShopId} deauthorized the app (TikTok pushes webhook 6)");
        return Task.CompletedTask;
    }

    public Task SettleAsync() => Task.CompletedTask;

    public async Task<FlowResult> CompareAsync()
    {
        var details = new List<string>();
        var different = 0;
        foreach (var shopId in context.ShopIds.Append(DeauthorizedShopId))
        {
            var want = shopId == DeauthorizedShopId && revoked ? ShopStatus.ReauthorizationRequired : ShopStatus.Active;
            var shop = await context.Shops.GetAsync(shopId, CancellationToken.None);
            if (shop?.Status != want)
            {
                different++;
                details.Add($"tokens: shop {shopId} is {shop?.Status}, expected {want}");
            }
        }

        return new FlowResult(Name, context.ShopIds.Count + 1, 0, 0, different, details);
    }
}
