using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Connector.EndToEndTests.Onboarding;
using Connector.Storage;
using Connector.Testing;
using Connector.Tokens;

namespace Connector.EndToEndTests.Contract;

/// <summary>
/// What a world holds, as sorted lines: every row (with its timestamp) of its tables, each queue's length, and the
/// versions of its token secret. Two snapshots are equal when a request changed nothing.
/// </summary>
public static class StorageSnapshot
{
    public static async Task<IReadOnlyList<string>> TakeAsync(OnboardingWorld world)
    {
        var prefix = world.Host.Prefix;
        var lines = new List<string>();
        var tables = new TableServiceClient(TestEnvironment.Current.Azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(prefix) >= 0 && t.Name.CompareTo(prefix + "~") < 0))
        {
            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
            {
                lines.Add($"{table.Name}/{row.PartitionKey}/{row.RowKey}@{row.Timestamp:O}");
            }
        }

        var queues = new QueueServiceClient(TestEnvironment.Current.Azurite.ConnectionString, StorageClients.CreateQueueClientOptions());
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix))
        {
            var properties = await queues.GetQueueClient(queue.Name).GetPropertiesAsync();
            lines.Add($"queue {queue.Name}: {properties.Value.ApproximateMessagesCount}");
        }

        try
        {
            await foreach (var version in world.Secrets.GetPropertiesOfSecretVersionsAsync(TokenStore.SecretName(world.AuthorizationId)))
            {
                lines.Add($"secret {version.Name}/{version.Version}");
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No token secret yet (the seller has not authorized): nothing to list.
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Empty when equal; else up to five lines that differ, for a failure message.</summary>
    public static string Difference(IReadOnlyList<string> before, IReadOnlyList<string> after) =>
        before.SequenceEqual(after) ? "" : string.Join(", ", after.Except(before).Concat(before.Except(after)).Take(5));
}
