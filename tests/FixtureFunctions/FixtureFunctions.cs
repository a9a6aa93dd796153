using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace FixtureFunctions;

/// <summary>What the fixture functions saw; registered as a singleton by the test.</summary>
public sealed class FixtureRecorder
{
    public ConcurrentQueue<TimerInfo> Ticks { get; } = new();

    public ConcurrentQueue<FixtureOrder> Orders { get; } = new();

    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    public ConcurrentQueue<string> SlowCompleted { get; } = new();

    public TaskCompletionSource SlowStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed record FixtureOrder(string ShopId, string OrderId, decimal Total);

public sealed class HttpFixtures
{
    [Function("SecureEcho")]
    public IActionResult SecureEcho(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "fixture/echo/{name}")] HttpRequest request,
        string name) => new OkObjectResult(new { name, query = request.Query["q"].ToString() });

    [Function("AdminOnly")]
    public IActionResult AdminOnly([HttpTrigger(AuthorizationLevel.Admin, "post", Route = "fixture/admin")] HttpRequest request) => new NoContentResult();

    [Function("Throws")]
    public IActionResult Throws([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fixture/throws")] HttpRequest request) =>
        throw new InvalidOperationException("secret-looking detail that must not reach the caller");

    [Function("OpenPing")]
    public IActionResult OpenPing([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fixture/ping")] HttpRequest request) => new OkObjectResult("pong");
}

public sealed class TickFunction(FixtureRecorder recorder)
{
    [Function(nameof(TickFunction))]
    public void Run([TimerTrigger("%TickSchedule%")] TimerInfo timer) => recorder.Ticks.Enqueue(timer);
}

public sealed class TypedQueueFunction(FixtureRecorder recorder)
{
    [Function(nameof(TypedQueueFunction))]
    public Task Run([QueueTrigger("%TypedQueue%")] FixtureOrder order, CancellationToken cancellationToken)
    {
        recorder.Orders.Enqueue(order);
        return Task.CompletedTask;
    }
}

public sealed class FailingQueueFunction(FixtureRecorder recorder)
{
    [Function(nameof(FailingQueueFunction))]
    public void Run([QueueTrigger("%FailingQueue%")] string message)
    {
        recorder.Attempts.AddOrUpdate(message, 1, (_, n) => n + 1);
        throw new InvalidOperationException("This message always fails.");
    }
}

public sealed class ForwardingFunction
{
    [Function(nameof(ForwardingFunction))]
    [QueueOutput("%ForwardOutQueue%")]
    public string[] Run([QueueTrigger("%ForwardInQueue%")] string message) => [message + "-a", message + "-b"];
}

public sealed class SlowQueueFunction(FixtureRecorder recorder)
{
    [Function(nameof(SlowQueueFunction))]
    public async Task Run([QueueTrigger("%SlowQueue%")] string message, CancellationToken cancellationToken)
    {
        recorder.SlowStarted.TrySetResult();
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        recorder.SlowCompleted.Enqueue(message);
    }
}
