using Azure.Data.Tables;

namespace Connector.Storage;

/// <summary>A table that is created on first use, once per process.</summary>
public sealed class EnsuredTable(StorageClients storage, string name)
{
    private readonly Lazy<Task<TableClient>> table = new(async () =>
    {
        var client = storage.Table(name);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public Task<TableClient> GetAsync() => table.Value;
}
