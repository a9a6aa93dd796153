using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Connector.Audit;
using Connector.Http;
using Connector.Messaging;
using Connector.Storage;
using Microsoft.Extensions.Logging;

namespace Connector.Admin.FailedMessages;

/// <summary>One message of a poison queue, decoded, with why it last failed (when the connector recorded it).</summary>
public sealed record FailedMessage(string MessageId, DateTimeOffset? InsertedAt, long DequeueCount, string? ShopId, string Summary, JsonElement? Body)
{
    public MessageFailure? LastError { get; init; }
}

/// <summary>
/// Failed messages: the host moves a message that keeps failing to <c>{queue}-poison</c>. Support lists them (decoded,
/// with the shop they concern), replays one or all to the main queue once the cause is fixed, or deletes one.
/// Queues are named by their main queue's name (one of <see cref="QueueNames.All"/>).
/// </summary>
public sealed partial class FailedMessageAdmin(StorageClients storage, QueueNames queues, MessageFailures failures, AuditLog audit, ILogger<FailedMessageAdmin> logger)
{
    /// <summary>Azure answers at most 32 messages per peek or receive.</summary>
    public const int PeekLimit = 32;

    private static readonly TimeSpan ScanVisibility = TimeSpan.FromSeconds(30);
    private static readonly string[] RedactedNames = ["token", "secret", "password", "code"];

    /// <summary>GET /api/admin/failed-messages?queue=: every poison queue with its count and up to 32 decoded messages.</summary>
    public async Task<Outcome<FailedQueues>> ListAsync(ListFailedMessages request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var only = request.Queue;
        if (only is not null && !queues.All.Contains(only))
        {
            return UnknownQueue(only);
        }

        var result = new List<FailedQueue>();
        foreach (var name in queues.All.Where(q => only is null || q == only))
        {
            var poison = await storage.QueueAsync(PoisonName(name), cancellationToken);
            var properties = await poison.GetPropertiesAsync(cancellationToken);
            var peeked = await poison.PeekMessagesAsync(PeekLimit, cancellationToken);
            var messages = new List<FailedMessage>();
            foreach (var m in peeked.Value)
            {
                messages.Add(Decode(m.MessageId, m.InsertedOn, m.DequeueCount, m.Body) with { LastError = await failures.GetAsync(m.Body, cancellationToken) });
            }

            result.Add(new FailedQueue(name, poison.Name, properties.Value.ApproximateMessagesCount, messages));
        }

        return new FailedQueues(result);
    }

    /// <summary>POST /api/admin/failed-messages/{queue}/{messageId}/replay: back to the main queue, as it was.</summary>
    public async Task<Outcome<FailedMessageReplayed>> ReplayAsync(FailedMessageAction request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (queue, messageId) = (request.Queue, request.MessageId);
        if (!queues.All.Contains(queue))
        {
            return UnknownQueue(queue);
        }

        var main = await storage.QueueAsync(queue, cancellationToken);
        var found = await TakeAsync(queue, messageId, async (poison, message) =>
        {
            await main.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
            await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            await failures.ForgetAsync(message.Body, CancellationToken.None);
        }, cancellationToken);
        if (found is null)
        {
            return NoMessage(queue, messageId);
        }

        await audit.WriteAsync(request.Caller, AuditActions.ReplayMessage, found.ShopId, $"{queue}/{messageId}", new { found.Summary }, cancellationToken);
        LogReplayed(queue, messageId, found.ShopId);
        return new FailedMessageReplayed(queue, found);
    }

    /// <summary>POST /api/admin/failed-messages/{queue}/replay: every poison message back to the main queue.</summary>
    public async Task<Outcome<FailedMessagesReplayed>> ReplayAllAsync(ReplayAllFailedMessages request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queue = request.Queue;
        if (!queues.All.Contains(queue))
        {
            return UnknownQueue(queue);
        }

        var main = await storage.QueueAsync(queue, cancellationToken);
        var poison = await storage.QueueAsync(PoisonName(queue), cancellationToken);
        var replayed = new List<FailedMessage>();
        var startedAt = DateTimeOffset.UtcNow;
        var more = true;
        while (more)
        {
            var batch = (await poison.ReceiveMessagesAsync(PeekLimit, ScanVisibility, cancellationToken)).Value;
            more = batch.Length > 0;
            foreach (var message in batch)
            {
                // A message poisoned again after the replay began stays (visible again) rather than going round in circles.
                if (message.InsertedOn > startedAt.AddSeconds(1))
                {
                    await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
                    more = false;
                    continue;
                }

                await main.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
                await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                await failures.ForgetAsync(message.Body, CancellationToken.None);
                replayed.Add(Decode(message.MessageId, message.InsertedOn, message.DequeueCount, message.Body));
            }
        }

        await audit.WriteAsync(request.Caller, AuditActions.ReplayAllMessages, null, queue,
            new { count = replayed.Count, messages = replayed.Select(m => new { m.MessageId, m.ShopId, m.Summary }) }, cancellationToken);
        LogReplayedAll(queue, replayed.Count);
        return new FailedMessagesReplayed(queue, replayed.Count, replayed);
    }

    /// <summary>DELETE /api/admin/failed-messages/{queue}/{messageId}: drop one poison message for good.</summary>
    public async Task<Outcome<FailedMessageDeleted>> DeleteAsync(FailedMessageAction request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (queue, messageId) = (request.Queue, request.MessageId);
        if (!queues.All.Contains(queue))
        {
            return UnknownQueue(queue);
        }

        var found = await TakeAsync(queue, messageId, async (poison, message) =>
        {
            await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            await failures.ForgetAsync(message.Body, CancellationToken.None);
        }, cancellationToken);
        if (found is null)
        {
            return NoMessage(queue, messageId);
        }

        await audit.WriteAsync(request.Caller, AuditActions.DeleteMessage, found.ShopId, $"{queue}/{messageId}", new { found.Summary, found.Body }, cancellationToken);
        return new FailedMessageDeleted(queue, found);
    }

    public static string PoisonName(string queue) => queue + "-poison";

    /// <summary>Poison message counts by main queue (the dashboard).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>();
        foreach (var name in queues.All)
        {
            var poison = await storage.QueueAsync(PoisonName(name), cancellationToken);
            counts[name] = (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
        }

        return counts;
    }

    /// <summary>
    /// Receives the poison queue's messages until <paramref name="messageId"/> turns up, acts on it, then makes every other
    /// received message visible again at once. Null when the message is not there.
    /// </summary>
    private async Task<FailedMessage?> TakeAsync(string queue, string messageId, Func<QueueClient, QueueMessage, Task> act, CancellationToken cancellationToken)
    {
        var poison = await storage.QueueAsync(PoisonName(queue), cancellationToken);
        var held = new List<QueueMessage>();
        var emptyReads = 0;
        try
        {
            while (true)
            {
                var batch = (await poison.ReceiveMessagesAsync(PeekLimit, ScanVisibility, cancellationToken)).Value;
                if (batch.Length == 0)
                {
                    // Messages another call held a moment ago may still be turning visible: look again briefly.
                    var count = (await poison.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
                    if (count <= held.Count || ++emptyReads > 5)
                    {
                        return null;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(400), cancellationToken);
                    continue;
                }

                held.AddRange(batch.Where(m => m.MessageId != messageId));
                if (batch.FirstOrDefault(m => m.MessageId == messageId) is { } found)
                {
                    await act(poison, found);
                    return Decode(found.MessageId, found.InsertedOn, found.DequeueCount, found.Body);
                }
            }
        }
        finally
        {
            foreach (var message in held)
            {
                await poison.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
            }
        }
    }

    /// <summary>The message as JSON (secrets' names redacted), the shop it concerns and a one-line summary.</summary>
    internal static FailedMessage Decode(string messageId, DateTimeOffset? insertedAt, long dequeueCount, BinaryData body)
    {
        JsonElement? json = null;
        string? shopId = null;
        string summary;
        try
        {
            using var document = JsonDocument.Parse(body.ToMemory());
            var redacted = Redact(document.RootElement);
            json = redacted;
            if (redacted.ValueKind == JsonValueKind.Object)
            {
                shopId = Property(redacted, "shopId");
                var fields = redacted.EnumerateObject()
                    .Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
                    .Select(p => $"{p.Name}={p.Value}");
                summary = string.Join(", ", fields);
            }
            else
            {
                summary = redacted.ToString();
            }
        }
        catch (JsonException)
        {
            summary = "(not JSON, " + body.ToMemory().Length + " bytes)";
        }

        return new FailedMessage(messageId, insertedAt, dequeueCount, shopId, summary.Length > 300 ? summary[..300] + "…" : summary, json);
    }

    private static string? Property(JsonElement element, string name) =>
        element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } p
            ? p.Value.GetString()
            : null;

    private static JsonElement Redact(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return element.Clone();
        }

        var copy = new Dictionary<string, JsonElement>();
        foreach (var property in element.EnumerateObject())
        {
            copy[property.Name] = RedactedNames.Any(n => property.Name.Contains(n, StringComparison.OrdinalIgnoreCase))
                ? JsonSerializer.SerializeToElement("(redacted)")
                : Redact(property.Value);
        }

        return JsonSerializer.SerializeToElement(copy);
    }

    private static Refusal UnknownQueue(string queue) => Refusal.NotFound($"There is no queue {queue}.");

    private static Refusal NoMessage(string queue, string messageId) => Refusal.NotFound($"The poison queue of {queue} has no message {messageId}.");

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Poison message {MessageId} of {Queue} replayed (shop {ShopId})")]
    private partial void LogReplayed(string queue, string messageId, string? shopId);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Information, Message = "{Count} poison messages of {Queue} replayed")]
    private partial void LogReplayedAll(string queue, int count);
}
