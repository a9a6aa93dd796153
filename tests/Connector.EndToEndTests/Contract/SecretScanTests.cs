using System.Net;
using System.Text;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Connector.EndToEndTests.Admin;
using Connector.Onboarding;
using Connector.Storage;
using Connector.Testing;
using Connector.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.EndToEndTests.Contract;

/// <summary>
/// Secrets never leak: after onboarding, activation, an import, a token refresh and a GET of every operation in
/// docs/openapi.yaml, no log line, response body, table row or queue message holds the seller's access or refresh
/// token (old or new), the app secret or the onboarding link key.
/// </summary>
[NonParallelizable]
public sealed class SecretScanTests
{
    [Test]
    public async Task No_log_line_response_table_row_or_queue_message_holds_a_token_or_secret()
    {
        await using var admin = await AdminWorld.StartAsync();
        var sim = Onboarding.OnboardingWorld.Sim.State;
        sim.GenerateOrders(admin.ShopId, 3, seed: 11, from: DateTimeOffset.UtcNow.AddDays(-2), to: DateTimeOffset.UtcNow.AddMinutes(-5), status: "AWAITING_SHIPMENT");
        await admin.ActivateAsync();

        var store = admin.Services.GetRequiredService<TokenStore>();
        var first = (await store.GetAsync(admin.World.AuthorizationId, CancellationToken.None))!;
        await admin.Services.GetRequiredService<TokenRefresher>().RefreshAsync(admin.World.AuthorizationId, _ => true, CancellationToken.None);
        var second = (await store.GetAsync(admin.World.AuthorizationId, CancellationToken.None))!;
        Assert.That(second.AccessToken, Is.Not.EqualTo(first.AccessToken), "the refresh gave new tokens");
        var linkKey = (await admin.World.Secrets.GetSecretAsync(new OnboardingOptions().LinkSigningKeySecretName)).Value.Value;
        var secrets = new Dictionary<string, string>
        {
            ["first access token"] = first.AccessToken,
            ["first refresh token"] = first.RefreshToken,
            ["second access token"] = second.AccessToken,
            ["second refresh token"] = second.RefreshToken,
            ["app secret"] = admin.World.App.AppSecret,
            ["onboarding link key"] = linkKey,
        };

        var places = new List<(string Where, string Text)>();
        foreach (var operation in OpenApiOperations.Load().Where(o => o.Method == "GET"))
        {
            var path = "api" + string.Concat(operation.Path.Split('/').Skip(1).Select(segment => "/" + segment switch
            {
                "{shopId}" => admin.ShopId,
                "{merchantId}" => AdminWorld.Merchant,
                _ when segment.StartsWith('{') => "unknown",
                _ => segment,
            }));
            var (status, body, _) = await admin.GetAsync(path);
            Assert.That((int)status, Is.LessThan(500), $"{operation}: {body}");
            places.Add(($"response of {operation}", body.ToString()));
        }

        places.AddRange(admin.World.Logs.Lines.Select((line, i) => ($"log line {i}", line)));
        places.AddRange(await StoredTextAsync(admin.World.Host.Prefix));

        var hits = (from place in places from secret in secrets where place.Text.Contains(secret.Value, StringComparison.Ordinal) select $"{secret.Key} in {place.Where}").ToList();
        Assert.That(places.Count, Is.GreaterThan(100), "places scanned");
        Assert.That(hits, Is.Empty, string.Join(Environment.NewLine, hits));
    }

    private static async Task<List<(string, string)>> StoredTextAsync(string prefix)
    {
        var found = new List<(string, string)>();
        var tables = new TableServiceClient(TestEnvironment.Current.Azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync(t => t.Name.CompareTo(prefix) >= 0 && t.Name.CompareTo(prefix + "~") < 0))
        {
            await foreach (var row in tables.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                found.Add(($"row {table.Name}/{row.PartitionKey}/{row.RowKey}", string.Join(" ", row.Select(kv => $"{kv.Key}={kv.Value}"))));
            }
        }

        var queues = new QueueServiceClient(TestEnvironment.Current.Azurite.ConnectionString, StorageClients.CreateQueueClientOptions());
        await foreach (var queue in queues.GetQueuesAsync(prefix: prefix))
        {
            foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
            {
                var text = message.Body.ToString();
                var decoded = new byte[text.Length];
                found.Add(($"message in {queue.Name}", text + " " + (Convert.TryFromBase64String(text, decoded, out var length) ? Encoding.UTF8.GetString(decoded, 0, length) : "")));
            }
        }

        return found;
    }
}
