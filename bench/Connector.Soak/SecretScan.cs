using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Queues;
using Connector.Storage;
using Connector.Tokens;

namespace Connector.Soak;

/// <summary>
/// Secrets never leak, under faults either: every access and refresh token the run used (each version of each
/// authorization's token secret in Key Vault: the first grant and every refresh) and the app secret are looked for in
/// the worker's and Azurite's logs, every back-office response body, every table row and every queue message.
/// </summary>
public static class SecretScan
{
    public static async Task<FlowResult> RunAsync(SecretClient vault, IEnumerable<string> authorizationIds, string appSecret, string logs, string storageConnection, IEnumerable<string> responses)
    {
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal) { [appSecret] = "the app secret" };
        foreach (var authorizationId in authorizationIds)
        {
            var name = TokenStore.SecretName(authorizationId);
            await foreach (var version in vault.GetPropertiesOfSecretVersionsAsync(name))
            {
                var set = JsonSerializer.Deserialize<TokenSet>((await vault.GetSecretAsync(name, version.Version)).Value.Value)!;
                secrets[set.AccessToken] = $"an access token of {authorizationId}";
                secrets[set.RefreshToken] = $"a refresh token of {authorizationId}";
            }
        }

        var places = new List<(string Where, string Text)>();
        foreach (var file in Directory.GetFiles(logs))
        {
            places.AddRange(File.ReadLines(file).Select((line, i) => ($"{Path.GetFileName(file)} line {i + 1}", line)));
        }

        places.AddRange(responses.Select((body, i) => ($"back-office response {i + 1}", body)));
        var tables = new TableServiceClient(storageConnection);
        await foreach (var table in tables.QueryAsync())
        {
            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                places.Add(($"row {table.Name}/{row.PartitionKey}/{row.RowKey}", string.Join(" ", row.Select(kv => $"{kv.Key}={kv.Value}"))));
            }
        }

        var queues = new QueueServiceClient(storageConnection, StorageClients.CreateQueueClientOptions());
        await foreach (var queue in queues.GetQueuesAsync())
        {
            foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
            {
                var text = message.Body.ToString();
                var decoded = new byte[text.Length];
                places.Add(($"message in {queue.Name}", text + " " + (Convert.TryFromBase64String(text, decoded, out var length) ? Encoding.UTF8.GetString(decoded, 0, length) : "")));
            }
        }

        var details = (from place in places from secret in secrets where place.Text.Contains(secret.Key, StringComparison.Ordinal) select $"secrets: {secret.Value} in {place.Where}").ToList();
        if (secrets.Count < 3 || places.Count < 100)
        {
            details.Add($"secrets: too little to scan ({secrets.Count} secrets, {places.Count} places)");
        }

        Console.WriteLine($"  secret scan: {secrets.Count} secrets (app secret, every access and refresh token) in {places.Count} log lines, responses, table rows and queue messages");
        return new FlowResult("secrets", secrets.Count, 0, 0, details.Count, details);
    }
}
