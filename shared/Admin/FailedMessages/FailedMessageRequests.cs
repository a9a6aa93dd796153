using Connector.Http;

namespace Connector.Admin.FailedMessages;

/// <summary>GET /api/admin/failed-messages?queue=: every poison queue, or the one of <c>queue</c> (a main queue's name).</summary>
public sealed record ListFailedMessages(string? Queue)
{
    public static ListFailedMessages Bind(RequestReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ListFailedMessages(r.Query("queue"));
    }
}

/// <summary>
/// POST /api/admin/failed-messages/{queue}/{messageId}/replay and DELETE /api/admin/failed-messages/{queue}/{messageId}:
/// one poison message of the main queue <c>queue</c>; <see cref="Caller"/> is who acted, for the audit log.
/// </summary>
public sealed record FailedMessageAction(string Queue, string MessageId, string Caller)
{
    public static FailedMessageAction Bind(RequestReader r, string queue, string messageId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new FailedMessageAction(queue, r.Id("messageId", messageId), r.Caller);
    }
}

/// <summary>POST /api/admin/failed-messages/{queue}/replay: every poison message of the main queue <c>queue</c>.</summary>
public sealed record ReplayAllFailedMessages(string Queue, string Caller)
{
    public static ReplayAllFailedMessages Bind(RequestReader r, string queue)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ReplayAllFailedMessages(queue, r.Caller);
    }
}

/// <summary>The poison queues (all, or the one asked for).</summary>
public sealed record FailedQueues(IReadOnlyList<FailedQueue> Queues);

/// <summary>A main queue's poison queue: its approximate count and up to 32 decoded messages.</summary>
public sealed record FailedQueue(string Queue, string PoisonQueue, int ApproximateCount, IReadOnlyList<FailedMessage> Messages);

/// <summary>One poison message sent back to its main queue.</summary>
public sealed record FailedMessageReplayed(string Queue, FailedMessage Replayed);

/// <summary>Every poison message of a queue sent back to it.</summary>
public sealed record FailedMessagesReplayed(string Queue, int ReplayedCount, IReadOnlyList<FailedMessage> Replayed);

/// <summary>One poison message dropped for good.</summary>
public sealed record FailedMessageDeleted(string Queue, FailedMessage Deleted);
