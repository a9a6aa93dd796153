using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Queues;

namespace Connector.Storage;

/// <summary>Creates the storage service clients once, from <see cref="StorageOptions"/>.</summary>
public sealed class StorageClients
{
    /// <summary>Azurite checks the API version; this is the newest one both it and Azure.Storage.Queues 12.28 speak.</summary>
    public const QueueClientOptions.ServiceVersion QueueServiceVersion = QueueClientOptions.ServiceVersion.V2025_11_05;

    private readonly StorageOptions options;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task>> ensured = new(StringComparer.Ordinal);

    public StorageClients(StorageOptions options)
    {
        this.options = options;
        var queueOptions = CreateQueueClientOptions();
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            Tables = new TableServiceClient(options.ConnectionString);
            Queues = new QueueServiceClient(options.ConnectionString, queueOptions);
        }
        else if (options.QueueServiceUri is not null && options.TableServiceUri is not null)
        {
            TokenCredential credential = string.IsNullOrWhiteSpace(options.ClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
            Tables = new TableServiceClient(options.TableServiceUri, credential);
            Queues = new QueueServiceClient(options.QueueServiceUri, credential, queueOptions);
        }
        else
        {
            throw new InvalidOperationException(
                "Storage is not configured: set AzureWebJobsStorage to a connection string, or "
                + "AzureWebJobsStorage__queueServiceUri and AzureWebJobsStorage__tableServiceUri.");
        }
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public TableClient Table(string name) => Tables.GetTableClient(options.TablePrefix + name);

    /// <summary>A queue by its full name (names come from settings: see <c>Messaging/QueueNames.cs</c>).</summary>
    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    /// <summary>The table, created on first use in this process (later calls cost nothing).</summary>
    public async Task<TableClient> TableAsync(string name, CancellationToken cancellationToken)
    {
        var table = Table(name);
        await EnsureOnceAsync("table:" + table.Name, () => table.CreateIfNotExistsAsync(CancellationToken.None), cancellationToken);
        return table;
    }

    /// <summary>The queue, created on first use in this process.</summary>
    public async Task<QueueClient> QueueAsync(string name, CancellationToken cancellationToken)
    {
        var queue = Queue(name);
        await EnsureOnceAsync("queue:" + queue.Name, () => queue.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None), cancellationToken);
        return queue;
    }

    private async Task EnsureOnceAsync(string key, Func<Task> create, CancellationToken cancellationToken)
    {
        var created = ensured.GetOrAdd(key, _ => new Lazy<Task>(create));
        try
        {
            await created.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            ensured.TryRemove(key, out _);
            throw;
        }
    }

    /// <summary>Queue messages are Base64, as the Functions host reads and writes them.</summary>
    public static QueueClientOptions CreateQueueClientOptions() => new(QueueServiceVersion)
    {
        MessageEncoding = QueueMessageEncoding.Base64,
    };
}
