using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Queues;
using Connector.Storage;
using Connector.Testing;
using FixtureFunctions;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests.LocalHost;

/// <summary>tools/LocalHost runs function classes as the Functions host would: keys, timers, queues, poison, outputs.</summary>
public sealed class LocalHostTests
{
    private RunningHost host = null!;
    private FixtureRecorder recorder = null!;

    [OneTimeSetUp]
    public async Task StartHostAsync()
    {
        host = await StartFixtureHostAsync(tickSchedule: "*/1 * * * * *");
        recorder = host.Services.GetRequiredService<FixtureRecorder>();
    }

    /// <summary>The local host running tests/FixtureFunctions, each trigger on a queue of its own.</summary>
    internal static Task<RunningHost> StartFixtureHostAsync(string tickSchedule) => RunningHost.StartAsync(
        typeof(FixtureRecorder).Assembly,
        (services, _) => services.AddSingleton<FixtureRecorder>(),
        new Dictionary<string, string?>
        {
            ["TickSchedule"] = tickSchedule,
            ["TypedQueue"] = "{prefix}-typed",
            ["FailingQueue"] = "{prefix}-failing",
            ["ForwardInQueue"] = "{prefix}-forward-in",
            ["ForwardOutQueue"] = "{prefix}-forward-out",
            ["SlowQueue"] = "{prefix}-slow",
        },
        Path.Combine(AppContext.BaseDirectory, "fixture.host.json"));

    [OneTimeTearDown]
    public async Task StopHostAsync() => await host.DisposeAsync();

    private QueueClient Queue(string suffix) =>
        new QueueServiceClient(TestEnvironment.Current.Azurite.ConnectionString, StorageClients.CreateQueueClientOptions()).GetQueueClient($"{host.Prefix}-{suffix}");

    [Test]
    public async Task Function_level_route_without_a_key_is_401()
    {
        using var response = await host.Http.GetAsync(new Uri("api/fixture/echo/alice", UriKind.Relative));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Function_level_route_with_the_key_in_the_header_runs_and_binds_the_route_value()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/fixture/echo/alice?q=42");
        request.Headers.Add("x-functions-key", RunningHost.FunctionKey);

        using var response = await host.Http.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadFromJsonAsync<Dictionary<string, string>>();
        Assert.That(body!["name"], Is.EqualTo("alice"));
        Assert.That(body["query"], Is.EqualTo("42"));
    }

    [Test]
    public async Task Key_in_the_code_query_parameter_is_accepted_and_a_wrong_key_is_not()
    {
        using var right = await host.Http.GetAsync(new Uri($"api/fixture/echo/bob?code={RunningHost.FunctionKey}", UriKind.Relative));
        using var wrong = await host.Http.GetAsync(new Uri("api/fixture/echo/bob?code=guess", UriKind.Relative));

        Assert.That(right.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Admin_level_needs_the_master_key_not_a_function_key()
    {
        using var withFunctionKey = new HttpRequestMessage(HttpMethod.Post, "api/fixture/admin");
        withFunctionKey.Headers.Add("x-functions-key", RunningHost.FunctionKey);
        using var withMasterKey = new HttpRequestMessage(HttpMethod.Post, "api/fixture/admin");
        withMasterKey.Headers.Add("x-functions-key", RunningHost.MasterKey);

        using var refused = await host.Http.SendAsync(withFunctionKey);
        using var accepted = await host.Http.SendAsync(withMasterKey);

        Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
    }

    [Test]
    public async Task Anonymous_route_answers_without_a_key_and_other_methods_are_405()
    {
        using var get = await host.Http.GetAsync(new Uri("api/fixture/ping", UriKind.Relative));
        using var post = await host.Http.PostAsync(new Uri("api/fixture/ping", UriKind.Relative), null);

        Assert.That(get.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(post.StatusCode, Is.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task Timer_fires_on_its_schedule_from_a_setting_with_schedule_status()
    {
        await Eventually.HoldsAsync(() => recorder.Ticks.Count >= 2, "two ticks of a one-second schedule");

        var tick = recorder.Ticks.Last();
        Assert.That(tick.ScheduleStatus, Is.Not.Null);
        Assert.That(tick.ScheduleStatus!.Next, Is.GreaterThan(tick.ScheduleStatus.Last));
    }

    [Test]
    public async Task Message_on_an_Azurite_queue_reaches_its_function_as_a_typed_payload()
    {
        var orderId = Guid.NewGuid().ToString("N");
        await Queue("typed").SendMessageAsync("""{"shopId":"shop-1","orderId":"ORDER","total":"12.30"}""".Replace("ORDER", orderId, StringComparison.Ordinal).Replace("\"12.30\"", "12.30", StringComparison.Ordinal));

        await Eventually.HoldsAsync(() => recorder.Orders.Any(o => o.OrderId == orderId), "the typed message to be handled");

        var order = recorder.Orders.Single(o => o.OrderId == orderId);
        Assert.That(order.ShopId, Is.EqualTo("shop-1"));
        Assert.That(order.Total, Is.EqualTo(12.30m));
        Assert.That((await Queue("typed").PeekMessagesAsync()).Value, Is.Empty, "a handled message is deleted");
    }

    [Test]
    public async Task Message_that_keeps_failing_lands_in_the_poison_queue_after_maxDequeueCount()
    {
        var body = "fail-" + Guid.NewGuid().ToString("N");
        await Queue("failing").SendMessageAsync(body);
        var poison = Queue("failing-poison");

        await Eventually.HoldsAsync(
            async () => await poison.ExistsAsync() && (await poison.PeekMessagesAsync(maxMessages: 32)).Value.Any(m => m.Body.ToString() == body),
            "the failing message in the poison queue");

        Assert.That(recorder.Attempts[body], Is.EqualTo(3), "tried maxDequeueCount (3) times");
        Assert.That((await Queue("failing").PeekMessagesAsync()).Value, Is.Empty);
    }

    [Test]
    public async Task QueueOutput_binding_writes_each_returned_message()
    {
        var body = "fwd-" + Guid.NewGuid().ToString("N");
        await Queue("forward-in").SendMessageAsync(body);
        var output = Queue("forward-out");

        var seen = new List<string>();
        await Eventually.HoldsAsync(
            async () =>
            {
                if (!await output.ExistsAsync())
                {
                    return false;
                }

                seen = (await output.PeekMessagesAsync(maxMessages: 32)).Value.Select(m => m.Body.ToString()).ToList();
                return seen.Count >= 2;
            },
            "two output messages");

        Assert.That(seen, Is.EquivalentTo(new[] { body + "-a", body + "-b" }));
    }
}
