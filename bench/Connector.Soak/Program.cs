using System.Diagnostics;
using System.Globalization;
using Connector.Catalog;
using Connector.Inventory;
using Connector.Messaging;
using Connector.Orders;
using Connector.Secrets;
using Connector.Shops;
using Connector.Soak;
using Connector.Storage;
using Connector.Testing;
using Connector.Tokens;
using KeyVaultEmulator;
using TikTokSimulator;

// scripts/soak.sh runs this. Every flow at once, while orders keep arriving in the simulator: stock in with stock-outs,
// releases and shipments, labels, after-sales approvals, catalog pushes to a listing profile, token expiries and one
// seller deauthorizing the app; with random 429s (Retry-After), 500s, timeouts, malformed JSON; the worker
// (tools/LocalHost running the real functions) killed at random points and restarted; Azurite (on disk) and the Key Vault
// emulator restarted once each. Then, per flow, what TikTok and the back office should hold is compared with what they
// hold (bench/Connector.Soak/Flows.cs). Exit code 0 only when every flow's missing, duplicated and different are 0.
var options = SoakOptions.Parse(args);
var random = new Random(options.Seed);
var root = TestEnvironment.RepositoryRoot;
var data = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), "connector-soak-" + Guid.NewGuid().ToString("N")[..8]);
var logs = Path.Combine(data, "logs");
Directory.CreateDirectory(logs);
var clock = Stopwatch.StartNew();
void Say(string line) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:0.0}s] {line}");
Say($"soak: seed {options.Seed}, {options.Shops} shops, {options.Duration.TotalSeconds:0} s of faults, up to {options.Settle.TotalSeconds:0} s to settle; data and logs in {data}");

// ---- Azurite on disk, on ports that stay the same across its restart.
var ports = Connector.Testing.Azurite.FreePorts(5);
var (blobPort, queuePort, tablePort, workerPort, vaultPort) = (ports[0], ports[1], ports[2], ports[3], ports[4]);
var azurite = new ChildProcess("Azurite", Path.Combine(root, "tools", "node_modules", ".bin", "azurite"),
[
    "--silent", "--disableTelemetry", "--location", Path.Combine(data, "azurite"),
    "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
    "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
    "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(CultureInfo.InvariantCulture),
], new Dictionary<string, string?>(), Path.Combine(logs, "azurite.log"));

async Task StartAzuriteAsync()
{
    azurite.Start();
    await ChildProcess.WaitForPortAsync(queuePort, azurite, TimeSpan.FromSeconds(60));
    await ChildProcess.WaitForPortAsync(tablePort, azurite, TimeSpan.FromSeconds(60));
}

ChildProcess? worker = null;
KeyVaultEmulatorServer? keyVault = null;
var vaultOptions = new KeyVaultEmulatorOptions { DataDirectory = Path.Combine(data, "keyvault"), Port = vaultPort };
var exitCode = 1;
try
{
    await StartAzuriteAsync();
    var account = Azurite.AccountName;
    var storageConnection = $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={Azurite.AccountKey};"
        + $"BlobEndpoint=http://127.0.0.1:{blobPort}/{account};QueueEndpoint=http://127.0.0.1:{queuePort}/{account};TableEndpoint=http://127.0.0.1:{tablePort}/{account};";

    // ---- The Key Vault emulator and the TikTok simulator live in this process; the worker reaches them over loopback.
    keyVault = await KeyVaultEmulatorServer.StartAsync(vaultOptions);
    var app = new SimApp("soak-app", "soak-secret-" + options.Seed.ToString(CultureInfo.InvariantCulture), "soak-service", null);
    // TikTok pushes a failed notification again after 2 min, 30 min, 3 h and 12 h; the soak's minutes are seconds.
    var retries = new[] { 2, 10, 30, 60 }.Select(s => TimeSpan.FromSeconds(s)).ToList();
    await using var simulator = await TikTokSimulatorServer.StartAsync(new SimulatorOptions { Port = 0, Apps = { app }, WebhookRetryDelays = retries }, CancellationToken.None);
    var sim = simulator.State;

    var storage = new StorageClients(new StorageOptions { ConnectionString = storageConnection });
    var shopRepository = new ShopRepository(storage);
    var orderStore = new OrderStore(storage);
    var vault = SecretClientFactory.Create(new KeyVaultOptions { Uri = keyVault.VaultUri, EmulatorCertificatePath = keyVault.CertificatePath });
    var tokens = new TokenStore(vault);
    var catalog = new SkuCatalog(storage);

    // ---- Shops: authorized, tokens in Key Vault, Active, SKUs in the catalog, some orders from the last hours.
    var sellers = new List<SimSeller>();
    var shopIds = new List<string>();
    for (var i = 0; i < options.Shops; i++)
    {
        var seller = sim.CreateSeller();
        sellers.Add(seller);
        shopIds.Add(seller.Shops[0].Id);
        sim.GenerateOrders(seller.Shops[0].Id, options.InitialOrdersPerShop, random.Next(), DateTimeOffset.UtcNow.AddHours(-6), DateTimeOffset.UtcNow.AddMinutes(-1));
        await ActiveShops.RegisterAsync(sim, app, seller, seller.Shops[0], "soak-merchant", DateTimeOffset.UtcNow.AddDays(-1), shopRepository, tokens, catalog, CancellationToken.None);
        var shop = (await shopRepository.GetAsync(seller.Shops[0].Id, CancellationToken.None))!;
        shop.Settings.Inventory = new InventorySettings { Enabled = true, Threshold = InventoryFlow.Threshold, BufferPercent = InventoryFlow.BufferPercent };
        await shopRepository.UpdateAsync(shop, shop.Status, CancellationToken.None);
    }

    Say($"seeded {options.Shops} active shops with {options.Shops * options.InitialOrdersPerShop} orders");

    // ---- The worker: the local Functions host running the real function classes, as a process of its own.
    var workerEnvironment = new Dictionary<string, string?>
    {
        ["LOCALHOST_SETTINGS"] = Path.Combine(data, "no-local-settings.json"),
        ["AzureWebJobsStorage"] = storageConnection,
        ["KeyVault__Uri"] = keyVault.VaultUri.ToString(),
        ["KeyVault__EmulatorCertificatePath"] = keyVault.CertificatePath,
        ["TikTok__AppKey"] = app.AppKey,
        ["TikTok__AppSecret"] = app.AppSecret,
        ["TikTok__ServiceId"] = app.ServiceId,
        ["TikTok__AuthBaseUrl"] = simulator.BaseUri.ToString(),
        ["TikTok__OpenApiBaseUrl"] = simulator.BaseUri.ToString(),
        ["TikTok__AuthorizeUrlCurrent"] = new Uri(simulator.BaseUri, "open/authorize").ToString(),
        ["TikTok__AuthorizeUrlLegacy"] = new Uri(simulator.BaseUri, "oauth/authorize").ToString(),
        ["TikTok__AuthorizeUrlUs"] = new Uri(simulator.BaseUri, "open/authorize").ToString(),
        // Hours of trouble pressed into minutes: shorter timeouts, back-offs and leases than production's defaults.
        ["TikTok__AttemptTimeout"] = "00:00:05",
        ["TikTok__TotalTimeout"] = "00:00:30",
        ["TikTok__RetryBaseDelay"] = "00:00:00.200",
        ["TikTok__MaxRetryDelay"] = "00:00:02",
        ["OrderPull__Lag"] = "00:00:02",
        ["OrderPull__Lease"] = "00:00:20",
        ["Tokens__LeaseDuration"] = "00:00:15",
        ["Inventory__Lease"] = "00:00:20",
        ["Inventory__StockOutDelay"] = "00:00:02",
        ["Listings__Lease"] = "00:00:20",
        ["Labels__Lease"] = "00:00:20",
        // A message in flight when the worker is killed comes back after this (Azure: 10 minutes).
        ["LocalHost__ProcessingVisibility"] = "00:00:40",
        ["OrderPullSchedule"] = "*/4 * * * * *",
        ["AfterSalesPullSchedule"] = "*/5 * * * * *",
        ["InventoryPushSchedule"] = "*/10 * * * * *",
        ["ProductSyncSchedule"] = "*/20 * * * * *",
        ["TokenRefreshSchedule"] = "*/15 * * * * *",
        ["LocalHost__FunctionKey"] = "soak-function-key",
        ["LocalHost__MasterKey"] = "soak-master-key",
        ["Onboarding__PublicBaseUrl"] = $"http://127.0.0.1:{workerPort}",
    };
    foreach (var schedule in TestEnvironment.Schedules.Where(s => !workerEnvironment.ContainsKey(s)))
    {
        workerEnvironment[schedule.Replace(":", "__", StringComparison.Ordinal)] = TestEnvironment.NeverDuringATest;
    }

    foreach (var (setting, name) in QueueNames.Defaults)
    {
        workerEnvironment[setting.Replace(":", "__", StringComparison.Ordinal)] = name;
    }

    worker = new ChildProcess("worker", "dotnet",
        [Path.Combine(root, "tools", "LocalHost", "bin", "Release", "net10.0", "Connector.LocalHost.dll"), "--port", workerPort.ToString(CultureInfo.InvariantCulture)],
        workerEnvironment, Path.Combine(logs, "worker.log"));
    worker.Start();
    await ChildProcess.WaitForPortAsync(workerPort, worker, TimeSpan.FromSeconds(90));
    Say("worker up");

    // ---- The flows: the back office and support over HTTP, TikTok's side in the simulator. The last shop's seller
    // deauthorizes the app midway; the other shops keep working.
    var counts = new Dictionary<string, int>(StringComparer.Ordinal);
    void Count(string what) => counts[what] = counts.GetValueOrDefault(what) + 1;
    var webhookUrl = new Uri($"http://127.0.0.1:{workerPort}/api/webhooks/tiktok");
    sim.SetWebhookUrl(app.AppKey, webhookUrl);
    using var backOffice = new BackOffice(new Uri($"http://127.0.0.1:{workerPort}/"), "soak-function-key");
    var deauthorized = sellers[^1];
    var working = shopIds.Where(id => id != deauthorized.Shops[0].Id).ToList();
    var context = new SoakContext
    {
        Sim = sim, Server = simulator, App = app, BackOffice = backOffice, Orders = orderStore, Shops = shopRepository, Merchant = "soak-merchant",
        Random = new Random(options.Seed + 1), Say = Say, Count = (what, n) => counts[what] = counts.GetValueOrDefault(what) + n, ShopIds = working,
    };
    var authorization = new AuthorizationFlow(context, deauthorized);
    IFlow[] flows = [new InventoryFlow(context), new ShipmentFlow(context), new LabelFlow(context), new AfterSalesFlow(context), new ListingFlow(context, simulator.BaseUri), authorization];
    foreach (var flow in flows)
    {
        await flow.StartAsync();
    }

    Say($"flows started: {string.Join(", ", flows.Select(f => f.Name))}");

    // ---- Chaos, bounded in time.
    // AnswerLost: TikTok carries the call out and the answer never arrives, so every write's retry must not do it twice.
    var faultKinds = new[] { FaultKind.RateLimited, FaultKind.ServerError, FaultKind.Timeout, FaultKind.MalformedJson, FaultKind.AnswerLost };
    TimeSpan Between((int Min, int Max) seconds) => TimeSpan.FromSeconds(seconds.Min + (random.NextDouble() * (seconds.Max - seconds.Min)));
    var start = clock.Elapsed;
    var end = start + options.Duration;
    var azuriteRestartAt = start + (options.Duration * (0.35 + (random.NextDouble() * 0.3)));
    var azuriteRestarted = false;
    var vaultRestartAt = start + (options.Duration * (0.15 + (random.NextDouble() * 0.15)));
    var vaultRestarted = false;
    var deauthorizeAt = start + (options.Duration * 0.5);
    // The first kill lands early, while the shops' first pulls (the backfill) are likely still running.
    var nextKill = start + TimeSpan.FromSeconds(1 + (random.NextDouble() * 4));
    var nextExpiry = start + Between(options.ExpireTokensEvery);
    var nextFault = start + TimeSpan.FromSeconds(1);
    var unexpectedExits = 0;
    var authorizationRevoked = false;
    while (clock.Elapsed < end)
    {
        var now = DateTimeOffset.UtcNow;

        // Orders keep arriving, and some change.
        if (random.NextDouble() < 0.8)
        {
            var shopId = shopIds[random.Next(shopIds.Count)];
            var created = sim.GenerateOrders(shopId, random.Next(1, 6), random.Next(), now.AddSeconds(-2), now);
            counts["orders created"] = counts.GetValueOrDefault("orders created") + created.Count;
        }

        if (random.NextDouble() < 0.6)
        {
            var shopId = shopIds[random.Next(shopIds.Count)];
            var candidates = sim.Locked(() => sim.Shop(shopId).Orders.Values.Where(o => o.Status is "AWAITING_SHIPMENT" or "ON_HOLD" or "AWAITING_COLLECTION" && !context.IsReserved(o.Id)).Select(o => o.Id).ToList());
            if (candidates.Count > 0)
            {
                var orderId = candidates[random.Next(candidates.Count)];
                var change = random.Next(3);
                sim.ChangeOrder(shopId, orderId,
                    change == 0 ? "CANCELLED" : change == 1 ? "AWAITING_COLLECTION" : null,
                    buyerMessage: change == 2 ? "changed at " + now.ToUnixTimeSeconds() : null);
                Count("orders changed");
            }
        }

        if (clock.Elapsed >= nextFault)
        {
            var kind = faultKinds[random.Next(faultKinds.Length)];
            // Mostly a few faults the client's retries absorb; now and then a storm that outlasts them, so the message
            // fails, is delivered again and may end in the poison queue.
            var storm = random.Next(6) == 0 && kind != FaultKind.Timeout;
            simulator.Faults.Add(new FaultRule
            {
                AppKey = app.AppKey, Kind = kind, Count = storm ? random.Next(15, 30) : random.Next(1, 8),
                Share = storm ? 0.95 : 0.2 + (random.NextDouble() * 0.5), Seed = random.Next(),
                RetryAfterSeconds = random.Next(0, 3), DelayMs = kind == FaultKind.Timeout ? 8000 : null,
            });
            Count((storm ? "fault storms: " : "fault rules: ") + kind);
            nextFault = clock.Elapsed + TimeSpan.FromSeconds(0.5 + (random.NextDouble() * 3));
        }

        if (clock.Elapsed >= nextExpiry)
        {
            var seller = sellers[random.Next(sellers.Count)];
            sim.ExpireAccessTokens(app.AppKey, seller.OpenId);
            Count("token expiries");
            nextExpiry = clock.Elapsed + Between(options.ExpireTokensEvery);
        }

        if (clock.Elapsed >= nextKill)
        {
            await worker.KillAsync();
            Count("worker kills");
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 1500)));
            worker.Start();
            Say($"worker killed (SIGKILL) and restarted ({counts["worker kills"]})");
            nextKill = clock.Elapsed + Between(options.KillEvery);
        }

        if (!azuriteRestarted && clock.Elapsed >= azuriteRestartAt)
        {
            azuriteRestarted = true;
            Say("Azurite: stopping");
            await azurite.StopAsync(TimeSpan.FromSeconds(15));
            await Task.Delay(TimeSpan.FromSeconds(random.Next(1, 4)));
            await StartAzuriteAsync();
            Count("Azurite restarts");
            Say("Azurite: restarted on the same ports and data");
        }

        if (!vaultRestarted && clock.Elapsed >= vaultRestartAt)
        {
            vaultRestarted = true;
            Say("Key Vault emulator: stopping");
            await keyVault.DisposeAsync();
            await Task.Delay(TimeSpan.FromSeconds(random.Next(1, 4)));
            keyVault = await KeyVaultEmulatorServer.StartAsync(vaultOptions);
            Count("Key Vault restarts");
            Say("Key Vault emulator: restarted on the same port and data");
        }

        if (!authorizationRevoked && clock.Elapsed >= deauthorizeAt)
        {
            authorizationRevoked = true;
            await authorization.RevokeAsync();
            Count("sellers deauthorized");
        }

        if (!worker.IsRunning)
        {
            unexpectedExits++;
            Say($"worker exited by itself (code {worker.ExitCode}); starting it again");
            worker.Start();
        }

        foreach (var flow in flows)
        {
            await flow.TickAsync();
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500));
    }

    // ---- Settle: no more faults or changes; the worker catches up; compare until clean or out of time.
    simulator.Faults.Clear();
    if (!worker.IsRunning)
    {
        unexpectedExits++;
        worker.Start();
    }

    Say("faults stopped; waiting for the worker to catch up");
    Comparison result;
    var results = new List<FlowResult>();
    // Whatever happened before, the verdict comes before scripts/soak.sh's own limit (10 minutes; 2.5 with --short).
    var settleEnd = TimeSpan.FromTicks(Math.Min((clock.Elapsed + options.Settle).Ticks, TimeSpan.FromSeconds(options.Short ? 135 : 565).Ticks));
    while (true)
    {
        foreach (var flow in flows)
        {
            await flow.SettleAsync();
        }

        results.Clear();
        result = await Comparison.RunAsync(sim, working, orderStore);
        results.Add(new FlowResult("orders", result.Importable, result.Missing, result.Duplicated, result.Stale + result.Unexpected, result.Details));
        foreach (var flow in flows)
        {
            results.Add(await flow.CompareAsync());
        }

        if (results.All(r => r.Clean) || clock.Elapsed >= settleEnd)
        {
            break;
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
    }

    Console.WriteLine();
    Console.WriteLine($"soak: seed {options.Seed}, {options.Duration.TotalSeconds:0} s of faults, {options.Shops} shops, settled after {(clock.Elapsed - end).TotalSeconds:0} s");
    Console.WriteLine("  injected: " + string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Value} {c.Key}")));
    Console.WriteLine($"  worker: {worker.Starts} starts, {unexpectedExits} exits it was not asked for; TikTok calls {simulator.Calls.Count(app.AppKey)}");
    var poison = await storage.Queue(QueueNames.Defaults[QueueNames.OrderPullSetting] + "-poison").ExistsAsync() is { Value: true }
        ? (await storage.Queue(QueueNames.Defaults[QueueNames.OrderPullSetting] + "-poison").GetPropertiesAsync()).Value.ApproximateMessagesCount
        : 0;
    Console.WriteLine($"  order-pull messages that ended in the poison queue: {poison} (the next timer run pulls those shops again)");
    Console.WriteLine($"  back office: {backOffice.Requests} requests ({backOffice.Retried} sent again after no or a transient answer); TikTok token refreshes {simulator.Calls.Count(app.AppKey, "/api/v2/token/refresh")}");
    Console.WriteLine($"  orders in the simulator: {result.SimulatorOrders} ({result.Importable} importable: paid, in the shops that stayed authorized), stored: {result.Stored}");
    foreach (var line in results.SelectMany(r => r.Details).Take(30))
    {
        Console.WriteLine("    " + line);
    }

    if (!result.Clean)
    {
        foreach (var shopId in shopIds)
        {
            var shop = await shopRepository.GetAsync(shopId, CancellationToken.None);
            var checkpoint = await new OrderPullCheckpointStore(storage).GetAsync(shopId, CancellationToken.None);
            Console.WriteLine($"    shop {shopId}: {shop?.Status}, watermark {checkpoint.Watermark}, window open {checkpoint.WindowOpen}, lease until {checkpoint.LeaseUntil:O}");
        }
    }

    Console.WriteLine($"  missing {result.Missing}, duplicated {result.Duplicated}, stale {result.Stale}, unexpected {result.Unexpected}");
    var scan = await SecretScan.RunAsync(vault, sellers.Select(s => AuthorizationRepository.IdFor(app.AppKey, s.OpenId)), app.AppSecret, logs, storageConnection, backOffice.Responses);
    results.Add(scan);
    foreach (var line in scan.Details.Take(10))
    {
        Console.WriteLine("    " + line);
    }

    Console.WriteLine();
    Console.WriteLine("  | flow | expected | missing | duplicated | different |");
    Console.WriteLine("  |---|---|---|---|---|");
    foreach (var r in results)
    {
        Console.WriteLine($"  | {r.Flow} | {r.Expected} | {r.Missing} | {r.Duplicated} | {r.Different} |");
    }

    Console.WriteLine();
    exitCode = results.All(r => r.Clean) && unexpectedExits == 0 ? 0 : 1;
    Console.WriteLine(exitCode == 0 ? "soak passed" : "soak FAILED" + (unexpectedExits > 0 ? $" ({unexpectedExits} unexpected worker exits; see {logs}/worker.log)" : ""));
}
catch (Exception e)
{
    Console.Error.WriteLine("soak FAILED: " + e);
}
finally
{
    if (worker is not null)
    {
        await worker.StopAsync(TimeSpan.FromSeconds(25));
    }

    await azurite.StopAsync(TimeSpan.FromSeconds(10));
    if (keyVault is not null)
    {
        await keyVault.DisposeAsync();
    }
}

return exitCode;
