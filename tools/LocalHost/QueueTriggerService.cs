using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Connector.Storage;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connector.LocalHost;

/// <summary>
/// Polls one Storage queue for one queue-triggered function with host.json's <c>extensions.queues</c>
/// semantics, as the Functions host's queue listener does: batches of <c>batchSize</c>; after a batch the next poll
/// at once, as soon as in-flight work falls to <c>newBatchThreshold</c>; after an empty poll the randomized
/// exponential back-off from 100 ms up to <c>maxPollingInterval</c> (<see cref="PollingBackoff"/>), cut short when
/// this host itself puts a message on the queue (<see cref="QueueWatcher"/>: output bindings, poison moves); a
/// failed message invisible for <c>visibilityTimeout</c>, and after <c>maxDequeueCount</c> tries it moves to
/// <c>{queue}-poison</c>. On shutdown in-flight messages get a grace period; any that do not finish become visible again.
/// </summary>
public sealed class QueueTriggerService(
    FunctionDefinition function,
    IServiceProvider services,
    IConfiguration configuration,
    QueuesOptions options,
    QueueWatcher watcher,
    ILogger<QueueTriggerService> logger) : BackgroundService
{
    /// <summary>How long a message being processed stays hidden from other pollers (the host's function timeout).</summary>
    public static readonly TimeSpan ProcessingVisibility = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Overrides <see cref="ProcessingVisibility"/>: after a crash, the messages in flight come back this much later. The
    /// fault soak presses Azure's 10 minutes into less, so a killed worker's shipment or label is retried within the run.
    /// </summary>
    public const string ProcessingVisibilitySetting = "LocalHost:ProcessingVisibility";

    public static readonly TimeSpan ShutdownGracePeriod = TimeSpan.FromSeconds(20);

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentDictionary<string, Task> inFlight = new();
    private readonly CancellationTokenSource invocationsCancelled = new();
    private QueueServiceClient? client;
    private TaskCompletionSource wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override void Dispose()
    {
        invocationsCancelled.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var trigger = function.Trigger;
        client = CreateClient(trigger.Connection);
        var queue = client.GetQueueClient(SettingNames.Resolve(trigger.QueueName ?? throw new InvalidOperationException($"Queue function {function.Name} has no queueName."), configuration));
        var poison = client.GetQueueClient(queue.Name + "-poison");
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        logger.LogInformation("Function {FunctionName} listens on queue {Queue}", function.Name, queue.Name);
        watcher.Register(queue.Name, () => wake.TrySetResult());

        var processingVisibility = configuration.GetValue<TimeSpan?>(ProcessingVisibilitySetting) ?? ProcessingVisibility;
        var backoff = new PollingBackoff(options.MaxPollingInterval);
        var found = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (inFlight.Count > options.NewBatchThreshold)
                {
                    await Task.WhenAny(inFlight.Values.Append(Task.Delay(Timeout.Infinite, stoppingToken)));
                    continue;
                }

                QueueMessage[] messages;
                try
                {
                    messages = (await queue.ReceiveMessagesAsync(Math.Clamp(options.BatchSize, 1, 32), processingVisibility, stoppingToken)).Value;
                }
                catch (Azure.RequestFailedException ex)
                {
                    logger.LogWarning("Polling {Queue} failed ({Status}); retrying", queue.Name, ex.Status);
                    messages = [];
                }

                if (messages.Length == 0)
                {
                    // Idle: back off, unless this host puts a message on the queue meanwhile.
                    var woken = Interlocked.Exchange(ref wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
                    await Task.WhenAny(woken.Task, Task.Delay(backoff.Next(found), stoppingToken));
                    stoppingToken.ThrowIfCancellationRequested();
                    found = false;
                    continue;
                }

                found = true;
                foreach (var message in messages)
                {
                    var task = ProcessAsync(queue, poison, message);
                    inFlight[message.MessageId] = task;
                    _ = task.ContinueWith(_ => inFlight.TryRemove(message.MessageId, out Task? _), TaskScheduler.Default);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Graceful shutdown: let in-flight messages finish, then cancel the rest; they become visible again.
        var remaining = inFlight.Values.ToArray();
        if (remaining.Length > 0)
        {
            logger.LogInformation("Waiting for {Count} in-flight message(s) of {FunctionName}", remaining.Length, function.Name);
            await Task.WhenAny(Task.WhenAll(remaining), Task.Delay(ShutdownGracePeriod, CancellationToken.None));
            await invocationsCancelled.CancelAsync();
            await Task.WhenAll(remaining);
        }
    }

    private QueueServiceClient CreateClient(string? connection)
    {
        var name = LocalSettings.ToConfigurationKey(connection ?? "AzureWebJobsStorage");
        var connectionString = configuration[name]
            ?? throw new InvalidOperationException($"Queue trigger {function.Name}: connection setting '{name}' is not set.");
        var clientOptions = StorageClients.CreateQueueClientOptions();
        clientOptions.MessageEncoding = string.Equals(options.MessageEncoding, "none", StringComparison.OrdinalIgnoreCase)
            ? QueueMessageEncoding.None
            : QueueMessageEncoding.Base64;
        return new QueueServiceClient(connectionString, clientOptions);
    }

    private async Task ProcessAsync(QueueClient queue, QueueClient poison, QueueMessage message)
    {
        var token = invocationsCancelled.Token;
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["FunctionName"] = function.Name, ["MessageId"] = message.MessageId, ["DequeueCount"] = message.DequeueCount });
        if (message.DequeueCount > options.MaxDequeueCount)
        {
            // Tried too often already (e.g. a worker died while holding it).
            await MoveToPoisonAsync(queue, poison, message);
            return;
        }

        try
        {
            var result = await FunctionInvoker.InvokeAsync(services, function, p => Bind(p, message, token));
            await WriteOutputsAsync(result);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            logger.LogWarning("Function {FunctionName} stopped by shutdown; message {MessageId} becomes visible again", function.Name, message.MessageId);
            await TryReleaseAsync(queue, message, TimeSpan.Zero);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Function {FunctionName} failed on message {MessageId} (try {DequeueCount} of {MaxDequeueCount})", function.Name, message.MessageId, message.DequeueCount, options.MaxDequeueCount);
            if (message.DequeueCount >= options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(queue, poison, message);
            }
            else
            {
                await TryReleaseAsync(queue, message, options.VisibilityTimeout);
            }
        }
    }

    private async Task MoveToPoisonAsync(QueueClient queue, QueueClient poison, QueueMessage message)
    {
        await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
        watcher.Notify(poison.Name);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
        logger.LogWarning("Message {MessageId} moved to {PoisonQueue} after {DequeueCount} tries", message.MessageId, poison.Name, message.DequeueCount);
    }

    private async Task TryReleaseAsync(QueueClient queue, QueueMessage message, TimeSpan visibility)
    {
        try
        {
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: visibility, cancellationToken: CancellationToken.None);
        }
        catch (Azure.RequestFailedException ex)
        {
            // The lease expired meanwhile: the message is visible again anyway.
            logger.LogWarning("Could not release message {MessageId}: {Status}", message.MessageId, ex.Status);
        }
    }

    private object? Bind(ParameterInfo parameter, QueueMessage message, CancellationToken token)
    {
        var type = parameter.ParameterType;
        if (parameter == function.TriggerParameter || parameter.Position == function.TriggerParameter.Position)
        {
            if (type == typeof(string))
            {
                return message.Body.ToString();
            }

            if (type == typeof(BinaryData))
            {
                return message.Body;
            }

            if (type == typeof(byte[]))
            {
                return message.Body.ToArray();
            }

            if (type == typeof(QueueMessage))
            {
                return message;
            }

            return JsonSerializer.Deserialize(message.Body.ToMemory().Span, type, Json)
                ?? throw new InvalidOperationException($"Message {message.MessageId} is empty; {function.Name} needs a {type.Name}.");
        }

        if (type == typeof(CancellationToken))
        {
            return token;
        }

        return parameter.Name switch
        {
            "id" or "messageId" when type == typeof(string) => message.MessageId,
            "dequeueCount" when type == typeof(long) => message.DequeueCount,
            "dequeueCount" when type == typeof(int) => (int)message.DequeueCount,
            _ => services.GetService(type) ?? throw new InvalidOperationException($"Cannot bind parameter {parameter.Name} of {function.Name}."),
        };
    }

    private async Task WriteOutputsAsync(object? result)
    {
        if (result is null)
        {
            return;
        }

        if (function.ReturnQueueOutput is { } returnOutput)
        {
            await SendAsync(returnOutput, result);
            return;
        }

        // Output bindings on properties of the returned object, named as the metadata names them.
        foreach (var output in function.QueueOutputs)
        {
            if (result.GetType().GetProperty(output.Name) is { } property && property.GetValue(result) is { } value)
            {
                await SendAsync(output, value);
            }
        }
    }

    private async Task SendAsync(QueueOutputBinding output, object value)
    {
        var target = (output.Connection is null ? client! : CreateClient(output.Connection)).GetQueueClient(SettingNames.Resolve(output.QueueName, configuration));
        await target.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        foreach (var item in Items(value))
        {
            await target.SendMessageAsync(item, cancellationToken: CancellationToken.None);
        }

        watcher.Notify(target.Name);
    }

    internal static IEnumerable<BinaryData> Items(object value) => value switch
    {
        string s => [BinaryData.FromString(s)],
        BinaryData b => [b],
        byte[] bytes => [BinaryData.FromBytes(bytes)],
        IEnumerable many => many.Cast<object>().SelectMany(Items),
        _ => [BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), Json))],
    };
}
