using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using Connector.Storage;
using Connector.TikTok;
using Microsoft.Extensions.Logging;

namespace Connector.Messaging;

/// <summary>The last time a queue message failed: the error's type and message, TikTok's request id and code, when, and how often.</summary>
public sealed record MessageFailure(string MessageType, string ErrorType, string Error, string? TikTokRequestId, long? TikTokCode, DateTimeOffset At, int Failures);

/// <summary>
/// Remembers why queue messages failed (table <c>MessageFailures</c>), so a message the host moves to its poison queue
/// shows its last error. A message is known by the SHA-256 of its JSON body, which the poison copy keeps byte for byte
/// (the queue workers wrap their handler in <see cref="RunAsync{T}"/>; messages are the connector's own JSON). The same
/// body failing again replaces the error and counts one more failure; replaying or deleting the message forgets it.
/// </summary>
public sealed partial class MessageFailures(StorageClients storage, TimeProvider time, ILogger<MessageFailures> logger)
{
    public const string TableName = "MessageFailures";
    private const string Partition = "failure";
    private const int MaxErrorLength = 2000;

    /// <summary>Runs a queue message's handler; when it throws, records the error before rethrowing it for the host's retry.</summary>
    public async Task RunAsync<T>(T message, Func<Task> handle, CancellationToken cancellationToken)
    {
        try
        {
            await handle();
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            await TryRecordAsync(KeyOf(JsonSerializer.SerializeToUtf8Bytes(message, MessageQueue.Json)), typeof(T).Name, error);
            throw;
        }
    }

    /// <summary>The last failure of a message with this body; null when none is recorded.</summary>
    public async Task<MessageFailure?> GetAsync(BinaryData body, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, KeyOf(body.ToMemory().Span), cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        var e = found.Value!;
        return new MessageFailure(e.GetString("MessageType") ?? "", e.GetString("ErrorType") ?? "", e.GetString("Error") ?? "", e.GetString("TikTokRequestId"),
            e.GetInt64("TikTokCode"), e.GetDateTimeOffset("At") ?? default, e.GetInt32("Failures") ?? 1);
    }

    /// <summary>Forgets a message's failures (it was replayed or deleted).</summary>
    public async Task ForgetAsync(BinaryData body, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        try
        {
            await table.DeleteEntityAsync(Partition, KeyOf(body.ToMemory().Span), Azure.ETag.All, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
        }
    }

    internal static string KeyOf(ReadOnlySpan<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body))[..40];

    private async Task TryRecordAsync(string key, string messageType, Exception error)
    {
        try
        {
            var table = await storage.TableAsync(TableName, CancellationToken.None);
            var previous = await table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: CancellationToken.None);
            var tiktok = error as TikTokException;
            var text = error.Message.Length > MaxErrorLength ? error.Message[..MaxErrorLength] + "…" : error.Message;
            await table.UpsertEntityAsync(new TableEntity(Partition, key)
            {
                ["MessageType"] = messageType,
                ["ErrorType"] = tiktok is not null ? "TikTok." + tiktok.Kind : error.GetType().Name,
                ["Error"] = text,
                ["TikTokRequestId"] = tiktok?.RequestId,
                ["TikTokCode"] = tiktok?.Code,
                ["At"] = time.GetUtcNow(),
                ["Failures"] = (previous.HasValue ? previous.Value!.GetInt32("Failures") ?? 0 : 0) + 1,
            }, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (Exception recordError)
        {
            // Never hide the handler's own error behind a storage problem.
            LogNotRecorded(messageType, recordError.Message);
        }
    }

    [LoggerMessage(EventId = 3901, Level = LogLevel.Warning, Message = "The failure of a {MessageType} message could not be recorded: {Reason}")]
    private partial void LogNotRecorded(string messageType, string reason);
}
