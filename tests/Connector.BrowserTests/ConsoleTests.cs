using System.Globalization;
using Connector.Audit;
using Connector.EndToEndTests;
using Connector.EndToEndTests.Onboarding;
using Connector.Messaging;
using Connector.Orders;
using Connector.Shops;
using Connector.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Connector.BrowserTests;

/// <summary>What a support agent does in the console, in Chromium, against the local host.</summary>
public sealed class ConsoleTests : ConsoleTest
{
    [Test]
    public async Task Sign_in_then_activate_a_pending_shop_and_the_audit_log_names_the_person()
    {
        await SignInAsync();
        await Expect(Page.Locator("main h1")).ToHaveTextAsync("Dashboard");

        await OpenAsync("#/shops", "Shops");
        var row = Page.Locator($"tr[data-shop-id='{ShopId}']");
        await Expect(row).ToContainTextAsync("PendingActivation");
        await ScreenshotAsync("shops");
        await row.Locator("a.shop-link").ClickAsync();
        await Expect(Page.Locator("main h1")).ToContainTextAsync("PendingActivation");

        await Page.GetByRole(AriaRole.Button, new() { Name = "Activate" }).ClickAsync();
        await Expect(Page.Locator("main h1")).ToContainTextAsync("Active");
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Pause" })).ToBeVisibleAsync();
        await ScreenshotAsync("shop-active");
        Assert.That((await Admin.World.Shops.GetAsync(ShopId, CancellationToken.None))!.Status, Is.EqualTo(ShopStatus.Active));

        await OpenAsync($"#/audit?shopId={ShopId}", "Audit log");
        var entry = Page.Locator($"tr[data-action='{AuditActions.ActivateShop}']");
        await Expect(entry.Locator(".who-cell")).ToHaveTextAsync(PersonEmail);
        await ScreenshotAsync("audit");
    }

    [Test]
    public async Task A_setting_refused_by_the_api_shows_its_message_next_to_the_field_and_changes_nothing()
    {
        await SignInAsync();
        await OpenAsync($"#/shops/{ShopId}", "PendingActivation");
        var startDate = Page.Locator("#setting-orders-importStartDate");
        await startDate.FillAsync("2099-01-01T00:00:00Z");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();

        var error = Page.Locator("[data-path='orders.importStartDate'] .field-error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToHaveTextAsync("must not be in the future");
        await Expect(startDate).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(Page.Locator("form.settings .problem")).ToContainTextAsync("nothing was changed");
        await error.ScrollIntoViewIfNeededAsync();
        await ScreenshotAsync("settings-refused");
        Assert.That((await Admin.World.Shops.GetAsync(ShopId, CancellationToken.None))!.Settings.Orders.ImportStartDate, Is.Null);

        var start = DateTimeOffset.UtcNow.Date.AddDays(-10);
        await startDate.FillAsync(start.ToString("yyyy-MM-ddT00:00:00Z", CultureInfo.InvariantCulture));
        await Page.Locator("#setting-orders-importOnHoldOrders").UncheckAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(Page.Locator("form.settings .success")).ToContainTextAsync("Settings saved");
        await Expect(error).ToBeHiddenAsync();
        var saved = (await Admin.World.Shops.GetAsync(ShopId, CancellationToken.None))!.Settings.Orders;
        Assert.That(saved.ImportStartDate, Is.EqualTo(new DateTimeOffset(start, TimeSpan.Zero)));
        Assert.That(saved.ImportOnHoldOrders, Is.False);
    }

    [Test]
    public async Task A_failed_message_is_replayed_from_the_console()
    {
        var queues = Admin.Services.GetRequiredService<QueueNames>();
        var poison = queues.OrderPull + "-poison";
        await Admin.Services.GetRequiredService<MessageQueue>().SendAsync(poison, new OrderPullMessage(ShopId, "schedule"), CancellationToken.None);

        await SignInAsync();
        await OpenAsync("#/failed", "Failed messages");
        var queue = Page.Locator($"section[data-queue='{queues.OrderPull}']");
        var message = queue.Locator("article.message");
        await Expect(message).ToHaveCountAsync(1);
        await Expect(message).ToContainTextAsync(ShopId);
        await ScreenshotAsync("failed-messages");

        await message.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
        await Expect(Page.Locator("#failed-result")).ToContainTextAsync("Replayed");
        await Expect(queue.Locator("article.message")).ToHaveCountAsync(0);
        var storage = Admin.Services.GetRequiredService<StorageClients>();
        var left = (await (await storage.QueueAsync(poison, CancellationToken.None)).PeekMessagesAsync(32)).Value;
        Assert.That(left, Is.Empty, "the poison queue is empty");

        var (_, audit, _) = await Admin.GetAsync($"api/admin/shops/{ShopId}/audit");
        var entry = audit.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("action").GetString() == AuditActions.ReplayMessage);
        Assert.That(entry.GetProperty("keyName").GetString(), Is.EqualTo(PersonEmail));
    }

    [Test]
    public async Task An_order_is_explained_with_its_verdict_sentence_and_history()
    {
        var orders = OnboardingWorld.Sim.State.GenerateOrders(ShopId, 2, seed: 7, status: "AWAITING_SHIPMENT");
        await Admin.ActivateAsync();
        var store = Admin.Services.GetRequiredService<OrderStore>();
        await Eventually.HoldsAsync(async () => await store.GetAsync(ShopId, orders[0].Id, CancellationToken.None) is not null, "the order is stored");

        await SignInAsync();
        await OpenAsync("#/orders", "Order lookup");
        await Page.GetByLabel("Shop").FillAsync(ShopId);
        await Page.GetByLabel("Order id").FillAsync(orders[0].Id);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Explain" }).ClickAsync();

        var (_, expected, _) = await Admin.GetAsync($"api/admin/shops/{ShopId}/orders/{orders[0].Id}/explain");
        var explain = Page.Locator(".explain");
        await Expect(explain).ToHaveAttributeAsync("data-verdict", "Stored");
        await Expect(explain.Locator(".sentence")).ToHaveTextAsync(expected.GetProperty("explanation").GetString()!);
        await Expect(explain.Locator("table.history tbody tr")).Not.ToHaveCountAsync(0);
        await ScreenshotAsync("order-stored");

        await Page.GetByLabel("Order id").FillAsync("576400000000000001");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Explain" }).ClickAsync();
        await Expect(explain).ToHaveAttributeAsync("data-verdict", "UnknownOnTikTok");
        await ScreenshotAsync("order-unknown");

        await Page.GetByLabel("Shop").FillAsync("no-such-shop");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Explain" }).ClickAsync();
        await Expect(Page.Locator(".problem")).ToContainTextAsync("Shop no-such-shop does not exist.");
        await Expect(Page.Locator(".problem .problem-reference")).ToContainTextAsync("Reference:");
    }

    [Test]
    public async Task The_dashboard_charts_show_each_days_orders_and_sales_of_the_shop()
    {
        var now = DateTimeOffset.UtcNow;
        var seeded = OnboardingWorld.Sim.State.GenerateOrders(ShopId, 14, seed: 11, from: now.AddDays(-5), to: now.AddMinutes(-5), status: "AWAITING_SHIPMENT");
        await Admin.ActivateAsync();
        var store = Admin.Services.GetRequiredService<OrderStore>();
        await Eventually.HoldsAsync(async () =>
        {
            var count = 0;
            await foreach (var _ in store.AllAsync(ShopId, null, CancellationToken.None))
            {
                count++;
            }

            return count == seeded.Count;
        }, "every seeded order is stored");

        // What the charts must say, from the orders TikTok (the simulator) has, by creation day in UTC.
        var byDay = seeded.GroupBy(o => DateTimeOffset.FromUnixTimeSeconds(o.CreateTime).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => (Orders: g.Count(), Gross: g.Sum(o => o.Payment.TotalAmount)));
        Assert.That(byDay, Has.Count.GreaterThan(1), "orders on several days");
        await Admin.Services.GetRequiredService<Connector.Admin.Summary.DashboardRollup>().RefreshAsync(CancellationToken.None); // what the timer does every 5 minutes

        await SignInAsync();
        await Expect(Page.Locator("[data-stat='shops'] .stat-value")).ToHaveTextAsync("1");
        var bars = Page.Locator($"rect.bar[data-series='{ShopId}']");
        await Expect(bars).ToHaveCountAsync(byDay.Count);
        foreach (var (day, expected) in byDay)
        {
            await Expect(Page.Locator($"rect.bar[data-series='{ShopId}'][data-day='{day}']")).ToHaveAttributeAsync("data-value", expected.Orders.ToString(CultureInfo.InvariantCulture));
            var point = Page.Locator($"circle.point[data-series='{ShopId}'][data-day='{day}']");
            var value = decimal.Parse((await point.GetAttributeAsync("data-value"))!, CultureInfo.InvariantCulture);
            Assert.That(value, Is.EqualTo(expected.Gross), $"gross sales on {day}");
        }

        var total = int.Parse((await Page.Locator("[data-stat='orders-week'] .stat-value").TextContentAsync())!, CultureInfo.InvariantCulture);
        var weekStart = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-(((int)now.UtcDateTime.DayOfWeek + 6) % 7));
        Assert.That(total, Is.EqualTo(seeded.Count(o => DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(o.CreateTime).UtcDateTime) >= weekStart)));
        await ScreenshotAsync("dashboard");
    }

    [Test]
    public async Task Every_page_opens_on_a_laptop_and_on_a_phone()
    {
        string[][] pages =
        [
            ["#/", "Dashboard"], ["#/shops", "Shops"], [$"#/shops/{ShopId}", "PendingActivation"], ["#/onboarding", "Onboarding"],
            ["#/runs", "Task center"], ["#/cases", "Cases"], ["#/failed", "Failed messages"], ["#/orders", "Order lookup"], ["#/audit", "Audit log"],
        ];
        await SignInAsync();
        foreach (var phone in new[] { false, true })
        {
            if (phone)
            {
                await PhoneAsync();
            }

            foreach (var page in pages)
            {
                await OpenAsync(page[0], page[1]);
                await Expect(Page.Locator("main .problem")).ToHaveCountAsync(0);
                var width = await Page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                Assert.That(width, Is.LessThanOrEqualTo((phone ? Phone : Laptop).Width), $"{page[0]} fits the screen");
                await ScreenshotAsync((phone ? "phone-" : "laptop-") + page[1].ToLowerInvariant().Replace(' ', '-'));
            }
        }

        // On a phone the pages are behind the menu button.
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Task center" })).ToBeHiddenAsync();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Menu" }).ClickAsync();
        await Page.GetByRole(AriaRole.Link, new() { Name = "Task center" }).ClickAsync();
        await Expect(Page.Locator("main h1")).ToHaveTextAsync("Task center");
    }
}
