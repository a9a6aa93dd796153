using System.Net;
using System.Reflection;
using Connector.Audit;
using Connector.Fulfilment;
using Connector.Functions.Health;
using Connector.Inventory;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Support;
using Connector.Testing;
using Connector.Tokens;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests.Admin;

public sealed class ShopAdminTests
{
    private static IEnumerable<(string Method, string Route)> AdminRoutes() =>
        typeof(HealthFunction).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
            .Where(t => t.Route!.StartsWith("admin/", StringComparison.Ordinal))
            .SelectMany(t => t.Methods!.Select(method => (method.ToUpperInvariant(), t.Route!)));

    [Test]
    public void Admin_routes_are_left_to_sign_in_and_back_office_routes_need_a_function_key()
    {
        // The admin API is protected by App Service Authentication in Azure (a browser has no key) and refuses, itself,
        // a request with neither a signed-in person nor a key; the back office stays on function keys.
        var triggers = typeof(HealthFunction).Assembly.GetExportedTypes().SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
            .ToArray();
        var admin = triggers.Where(t => t.Route!.StartsWith("admin/", StringComparison.Ordinal)).ToArray();
        var backOffice = triggers.Where(t => t.Route!.StartsWith("merchants/", StringComparison.Ordinal)).ToArray();
        Assert.That(admin, Is.Not.Empty);
        Assert.That(backOffice, Is.Not.Empty);
        Assert.That(admin.Where(t => t.AuthLevel != AuthorizationLevel.Anonymous).Select(t => t.Route), Is.Empty);
        Assert.That(backOffice.Where(t => t.AuthLevel != AuthorizationLevel.Function).Select(t => t.Route), Is.Empty);
    }

    [Test]
    public async Task Admin_calls_without_a_key_or_with_a_wrong_one_are_refused_and_change_nothing()
    {
        await using var admin = await AdminWorld.StartAsync();
        foreach (var (method, route) in AdminRoutes())
        {
            var path = "api/" + route.Replace("{shopId}", admin.ShopId).Replace("{what}", "orders").Replace("{queue}", "q").Replace("{messageId}", "m")
                .Replace("{runId}", "r").Replace("{caseId}", "c").Replace("{orderId}", "o") + (method == "DELETE" ? $"?confirm={admin.ShopId}" : "");
            var (none, problem, type) = await admin.SendAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : new { }, key: null);
            var (wrong, _, _) = await admin.SendAsync(new HttpMethod(method), path, method is "GET" or "DELETE" ? null : new { }, key: "not-a-key");
            Assert.That(none, Is.EqualTo(HttpStatusCode.Unauthorized), $"{method} {path} without a key");
            Assert.That(type, Is.EqualTo("application/problem+json"), $"{method} {path} without a key");
            Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Sign-in required"));
            Assert.That(wrong, Is.EqualTo(HttpStatusCode.Unauthorized), $"{method} {path} with a wrong key");
        }

        var shop = await admin.World.Shops.GetAsync(admin.ShopId, CancellationToken.None);
        Assert.That(shop!.Status, Is.EqualTo(ShopStatus.PendingActivation));
    }

    [Test]
    public async Task Shops_are_listed_with_filters_and_pages_and_read_with_settings_token_expiry_and_counts_but_no_token()
    {
        await using var admin = await AdminWorld.StartAsync();
        var (status, list, _) = await admin.GetAsync($"api/admin/shops?merchantId={AdminWorld.Merchant}&status=PendingActivation&region=gb&pageSize=1");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), list.ToString());
        Assert.That(list.GetProperty("shops").EnumerateArray().Select(s => s.GetProperty("shopId").GetString()), Is.EqualTo(new[] { admin.ShopId }));
        var (_, activeOnly, _) = await admin.GetAsync("api/admin/shops?status=Active");
        Assert.That(activeOnly.GetProperty("shops").GetArrayLength(), Is.Zero);
        var (badStatus, problem, type) = await admin.GetAsync("api/admin/shops?status=Sleeping");
        Assert.That(badStatus, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(type, Is.EqualTo("application/problem+json"));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain("PendingActivation"));
        Assert.That((await admin.GetAsync("api/admin/shops?pageSize=0")).Status, Is.EqualTo(HttpStatusCode.BadRequest));

        var (getStatus, shop, _) = await admin.GetAsync($"api/admin/shops/{admin.ShopId}");
        Assert.That(getStatus, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(shop.GetProperty("status").GetString(), Is.EqualTo("PendingActivation"));
        Assert.That(shop.GetProperty("tokens").GetProperty("refreshTokenExpiresAt").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.String));
        Assert.That(shop.GetProperty("settings").GetProperty("orders").GetProperty("importEnabled").GetBoolean(), Is.True);
        Assert.That(shop.GetProperty("counts").GetProperty("openCases").GetInt32(), Is.EqualTo(1), "the activation case");
        var tokens = await admin.Services.GetRequiredService<TokenStore>().GetAsync(admin.World.AuthorizationId, CancellationToken.None);
        Assert.That(shop.ToString(), Does.Not.Contain(tokens!.AccessToken).And.Not.Contain(tokens.RefreshToken));

        Assert.That((await admin.GetAsync("api/admin/shops/no-such-shop")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task An_activation_whose_messages_were_not_sent_is_finished_by_activating_again_not_refused()
    {
        await using var admin = await AdminWorld.StartAsync();
        var sim = Onboarding.OnboardingWorld.Sim.State;
        var open = sim.GenerateOrders(admin.ShopId, 2, seed: 7, from: DateTimeOffset.UtcNow.AddDays(-2), to: DateTimeOffset.UtcNow.AddMinutes(-5), status: "AWAITING_SHIPMENT");
        var shops = admin.Services.GetRequiredService<ShopRepository>();
        // What a failed send leaves behind: the shop Active with its activation still pending, nothing queued.
        var shop = (await shops.GetAsync(admin.ShopId, CancellationToken.None))!;
        shop.Status = ShopStatus.Active;
        shop.ActivationPendingSince = DateTimeOffset.UtcNow;
        await shops.UpdateAsync(shop, ShopStatus.PendingActivation, CancellationToken.None);

        var (status, body, _) = await admin.PostAsync($"api/admin/shops/{admin.ShopId}/activate");

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        await admin.PulledAsync(1);
        Assert.That(await admin.Services.GetRequiredService<OrderStore>().AllAsync(admin.ShopId, null, CancellationToken.None).CountAsync(), Is.EqualTo(open.Count),
            "the initial import ran");
        Assert.That((await shops.GetAsync(admin.ShopId, CancellationToken.None))!.ActivationPendingSince, Is.Null, "activation finished");
        Assert.That((await admin.PostAsync($"api/admin/shops/{admin.ShopId}/activate")).Status, Is.EqualTo(HttpStatusCode.Conflict), "now it is Active already");
    }

    [Test]
    public async Task Activation_starts_the_initial_import_and_the_shop_can_be_paused_resumed_renamed_and_synced_with_every_write_audited()
    {
        await using var admin = await AdminWorld.StartAsync();
        var sim = Onboarding.OnboardingWorld.Sim.State;
        var recent = sim.GenerateOrders(admin.ShopId, 3, seed: 2, from: DateTimeOffset.UtcNow.AddDays(-3), to: DateTimeOffset.UtcNow.AddMinutes(-5), status: "AWAITING_SHIPMENT");

        await admin.ActivateAsync();
        var orders = admin.Services.GetRequiredService<OrderStore>();
        Assert.That(await orders.AllAsync(admin.ShopId, null, CancellationToken.None).CountAsync(), Is.EqualTo(recent.Count), "30 days and the open orders imported");
        var run = (await admin.Services.GetRequiredService<RunStore>().LatestAsync(admin.ShopId, RunKinds.OrderPull, CancellationToken.None))!;
        Assert.That(run.Trigger, Is.EqualTo("activation"));
        Assert.That((await admin.PostAsync($"api/admin/shops/{admin.ShopId}/activate")).Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await admin.World.Cases.EveryCaseAsync()).Where(c => c.Kind == SupportCaseKind.ActivateShop).Select(c => c.Status),
            Is.All.EqualTo(SupportCaseStatus.Resolved), "activation resolves the activation case");

        Assert.That((await admin.PostAsync($"api/admin/shops/{admin.ShopId}/resume")).Status, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That((await admin.PostAsync($"api/admin/shops/{admin.ShopId}/pause")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.PostAsync($"api/admin/shops/{admin.ShopId}/sync/orders")).Status, Is.EqualTo(HttpStatusCode.Conflict), "a paused shop is not synced");
        Assert.That((await admin.PostAsync($"api/admin/shops/{admin.ShopId}/resume")).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.PostAsync($"api/admin/shops/{admin.ShopId}/sync/everything")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await admin.PostAsync("api/admin/shops/nope/sync/orders")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        var (synced, _, _) = await admin.PostAsync($"api/admin/shops/{admin.ShopId}/sync/orders");
        Assert.That(synced, Is.EqualTo(HttpStatusCode.Accepted));
        await admin.PulledAsync(2);

        Assert.That((await admin.PostAsync($"api/admin/shops/{admin.ShopId}/rename", new { name = "" })).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await admin.SendAsync(HttpMethod.Post, $"api/admin/shops/{admin.ShopId}/rename", rawBody: "{name:")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await admin.PostAsync("api/admin/shops/nope/rename", new { name = "X" })).Status, Is.EqualTo(HttpStatusCode.NotFound));
        var (renamed, body, _) = await admin.PostAsync($"api/admin/shops/{admin.ShopId}/rename", new { name = "Flagship GB" });
        Assert.That(renamed, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That((await admin.World.Shops.GetAsync(admin.ShopId, CancellationToken.None))!.Name, Is.EqualTo("Flagship GB"));

        var (auditStatus, audit, _) = await admin.GetAsync($"api/admin/shops/{admin.ShopId}/audit");
        Assert.That(auditStatus, Is.EqualTo(HttpStatusCode.OK));
        var entries = audit.GetProperty("entries").EnumerateArray().ToArray();
        Assert.That(entries.Select(e => e.GetProperty("action").GetString()),
            Is.EqualTo(new[] { AuditActions.RenameShop, AuditActions.SyncShop, AuditActions.ResumeShop, AuditActions.PauseShop, AuditActions.ActivateShop }));
        Assert.That(entries.Select(e => e.GetProperty("keyName").GetString()), Is.All.EqualTo("alice"));
        Assert.That(entries[0].GetProperty("change").GetProperty("to").GetString(), Is.EqualTo("Flagship GB"));
        Assert.That((await admin.GetAsync("api/admin/shops/nope/audit")).Status, Is.EqualTo(HttpStatusCode.NotFound));

        Assert.That((await admin.PostAsync($"api/admin/shops/{admin.ShopId}/sync/inventory")).Status, Is.EqualTo(HttpStatusCode.Conflict), "inventory export is off");
        Assert.That((await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings", new { inventory = new { enabled = true } })).Status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await admin.PostAsync($"api/admin/shops/{admin.ShopId}/sync/inventory")).Status, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That((await admin.PostAsync($"api/admin/shops/{admin.ShopId}/sync/products")).Status, Is.EqualTo(HttpStatusCode.Accepted));

        // The default key is named "default", as in Azure.
        await admin.SendAsync(HttpMethod.Post, $"api/admin/shops/{admin.ShopId}/pause", new { }, key: RunningHost.FunctionKey);
        var (_, after, _) = await admin.GetAsync($"api/admin/shops/{admin.ShopId}/audit?pageSize=1");
        Assert.That(after.GetProperty("entries")[0].GetProperty("keyName").GetString(), Is.EqualTo("default"));
    }

    [Test]
    public async Task Fulfilment_settings_are_patched_and_survive_a_patch_of_another_section()
    {
        await using var admin = await AdminWorld.StartAsync();

        var (ok, body, _) = await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings",
            new { fulfilment = new { fallbackCarrier = "Royal Mail", carrierAliases = new Dictionary<string, string> { ["RM T48"] = "Royal Mail" } } });
        var (other, _, _) = await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings", new { orders = new { importEnabled = false } });
        var (bad, problem, _) = await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings", new { fulfilment = new { fallbackCarrier = " ", carrier = "x" } });

        Assert.That(ok, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(other, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(bad, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Does.Contain("fulfilment.carrier"));
        var settings = (await admin.World.Shops.GetAsync(admin.ShopId, CancellationToken.None))!.Settings;
        Assert.That(settings.Fulfilment!.FallbackCarrier, Is.EqualTo("Royal Mail"), "kept through the orders patch and the refused one");
        Assert.That(settings.Fulfilment!.CarrierAliases!["RM T48"], Is.EqualTo("Royal Mail"));
        Assert.That(settings.Orders.ImportEnabled, Is.False);
    }

    [Test]
    public async Task Settings_are_patched_when_valid_and_a_bad_patch_changes_nothing()
    {
        await using var admin = await AdminWorld.StartAsync();
        var start = DateTimeOffset.UtcNow.AddDays(-5);
        var (ok, body, _) = await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings",
            new { orders = new { importStartDate = start, importOnHoldOrders = false, importPlatformShippedOrders = true } });
        Assert.That(ok, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var settings = (await admin.World.Shops.GetAsync(admin.ShopId, CancellationToken.None))!.Settings.Orders;
        Assert.That(settings.ImportStartDate, Is.EqualTo(start).Within(TimeSpan.FromSeconds(1)));
        Assert.That(settings.ImportOnHoldOrders, Is.False);
        Assert.That(settings.ImportPlatformShippedOrders, Is.True);
        Assert.That(settings.ImportEnabled, Is.True, "untouched");

        var (bad, problem, type) = await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings",
            new { orders = new { importEnabled = false, importStartDate = DateTimeOffset.UtcNow.AddDays(3), importOnHold = true }, colour = "red" });
        Assert.That(bad, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(type, Is.EqualTo("application/problem+json"));
        Assert.That(problem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "orders.importStartDate", "orders.importOnHold", "colour" }));
        Assert.That((await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings", new { orders = new { importEnabled = "no" } })).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings", rawBody: "[1]")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await admin.SendAsync(HttpMethod.Patch, "api/admin/shops/nope/settings", new { orders = new { importEnabled = false } })).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That((await admin.World.Shops.GetAsync(admin.ShopId, CancellationToken.None))!.Settings.Orders, Is.EqualTo(settings), "nothing changed");

        var (inventoryOk, inventoryBody, _) = await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings",
            new { inventory = new { enabled = true, threshold = 2, bufferPercent = 10, maxQuantity = 500, skuAllowList = new[] { "TEE-1" } } });
        Assert.That(inventoryOk, Is.EqualTo(HttpStatusCode.OK), inventoryBody.ToString());
        var inventory = (await admin.World.Shops.GetAsync(admin.ShopId, CancellationToken.None))!.Settings;
        Assert.That(inventory.Inventory!.Enabled, Is.True);
        Assert.That(inventory.Inventory!.BufferPercent, Is.EqualTo(10m));
        Assert.That(inventory.Orders, Is.EqualTo(settings), "order import is switched separately");
        var (badInventory, inventoryProblem, _) = await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings",
            new { inventory = new { bufferPercent = 150, mode = "Locations", colour = 1 } });
        Assert.That(badInventory, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(inventoryProblem.GetProperty("errors").EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "inventory.colour", "inventory.bufferPercent", "inventory" }), "every error at once, by setting");
        var (badRules, rulesProblem, _) = await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings", new { inventory = new { bufferPercent = 150 } });
        Assert.That(badRules, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(rulesProblem.GetProperty("errors").GetProperty("inventory.bufferPercent")[0].GetString(), Does.Contain("between 0 and 100"));
        Assert.That((await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings", new { inventory = new { threshold = "lots" } })).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(System.Text.Json.JsonSerializer.Serialize((await admin.World.Shops.GetAsync(admin.ShopId, CancellationToken.None))!.Settings.Inventory),
            Is.EqualTo(System.Text.Json.JsonSerializer.Serialize(inventory.Inventory)), "nothing changed");

        var (off, _, _) = await admin.SendAsync(HttpMethod.Patch, $"api/admin/shops/{admin.ShopId}/settings", new { orders = new { importEnabled = false, importStartDate = (DateTimeOffset?)null } });
        Assert.That(off, Is.EqualTo(HttpStatusCode.OK));
        settings = (await admin.World.Shops.GetAsync(admin.ShopId, CancellationToken.None))!.Settings.Orders;
        Assert.That(settings.ImportEnabled, Is.False);
        Assert.That(settings.ImportStartDate, Is.Null);
    }

    [Test]
    public async Task Delete_needs_confirmation_and_then_leaves_nothing_of_the_shop_behind()
    {
        await using var admin = await AdminWorld.StartAsync();
        Onboarding.OnboardingWorld.Sim.State.GenerateOrders(admin.ShopId, 4, seed: 3, from: DateTimeOffset.UtcNow.AddDays(-2), to: DateTimeOffset.UtcNow.AddMinutes(-5), status: "AWAITING_SHIPMENT");
        await admin.ActivateAsync();
        Assert.That((await admin.SendAsync(HttpMethod.Delete, $"api/admin/shops/{admin.ShopId}")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await admin.SendAsync(HttpMethod.Delete, $"api/admin/shops/{admin.ShopId}?confirm=other")).Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await admin.SendAsync(HttpMethod.Delete, "api/admin/shops/nope?confirm=nope")).Status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await admin.World.Shops.GetAsync(admin.ShopId, CancellationToken.None), Is.Not.Null, "a refused delete changes nothing");

        var (status, body, _) = await admin.SendAsync(HttpMethod.Delete, $"api/admin/shops/{admin.ShopId}?confirm={admin.ShopId}");
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var removed = body.GetProperty("removed");
        Assert.That(removed.GetProperty("orders").GetInt32(), Is.EqualTo(4));
        Assert.That(removed.GetProperty("runs").GetInt32(), Is.GreaterThanOrEqualTo(1));
        Assert.That(removed.GetProperty("checkpoints").GetInt32(), Is.EqualTo(1));
        Assert.That(removed.GetProperty("supportCases").GetInt32(), Is.EqualTo(1));
        Assert.That(removed.GetProperty("keyVaultSecrets").GetInt32(), Is.EqualTo(1));

        var services = admin.Services;
        Assert.That(await admin.World.Shops.ListAllAsync(CancellationToken.None), Is.Empty);
        foreach (var status2 in Enum.GetValues<ShopStatus>())
        {
            Assert.That((await admin.World.Shops.ListByStatusAsync(status2, null, 10, CancellationToken.None)).Shops, Is.Empty, $"no {status2} index row");
        }

        Assert.That(await services.GetRequiredService<OrderStore>().AllAsync(admin.ShopId, null, CancellationToken.None).CountAsync(), Is.Zero);
        Assert.That((await services.GetRequiredService<RunStore>().ListAsync(admin.ShopId, null, null, null, 10, CancellationToken.None)).Runs, Is.Empty);
        Assert.That((await services.GetRequiredService<OrderPullCheckpointStore>().GetAsync(admin.ShopId, CancellationToken.None)).ETag, Is.Null);
        Assert.That((await admin.World.Cases.EveryCaseAsync()).Where(c => c.ShopId == admin.ShopId), Is.Empty);
        Assert.That((await services.GetRequiredService<AuditLog>().ListAsync(admin.ShopId, null, 10, CancellationToken.None)).Entries, Is.Empty);
        var (map, mapInfo) = await services.GetRequiredService<Connector.Inventory.SkuMapStore>().GetAsync(admin.ShopId, CancellationToken.None);
        Assert.That(map, Is.Empty);
        Assert.That(mapInfo, Is.Null);
        Assert.That(await services.GetRequiredService<Connector.Inventory.PushSnapshotStore>().GetAsync(admin.ShopId, CancellationToken.None), Is.Empty);
        Assert.That(await services.GetRequiredService<TokenStore>().GetAsync(admin.World.AuthorizationId, CancellationToken.None), Is.Null, "the token secret is gone");
        Assert.That(await admin.World.Authorizations.GetAsync(admin.World.AuthorizationId, CancellationToken.None), Is.Null);
        var (_, global, _) = await admin.GetAsync("api/admin/audit");
        Assert.That(global.GetProperty("entries")[0].GetProperty("action").GetString(), Is.EqualTo(AuditActions.DeleteShop));
        Assert.That((await admin.GetAsync($"api/admin/shops/{admin.ShopId}")).Status, Is.EqualTo(HttpStatusCode.NotFound));
    }
}
