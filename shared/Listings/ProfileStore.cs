using System.Text.Json;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Listings;

/// <summary>Listing profiles in table <c>ListingProfiles</c>: partition = merchant, row = profile name, the profile as JSON.</summary>
public sealed class ProfileStore(StorageClients storage)
{
    public const string TableName = "ListingProfiles";

    public async Task SaveAsync(string merchantId, ListingProfile profile, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(merchantId), TableKeys.Escape(profile.Name))
        {
            ["Json"] = JsonSerializer.Serialize(profile, CatalogJson.Options),
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<bool> DeleteAsync(string merchantId, string name, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var response = await table.DeleteEntityAsync(TableKeys.Escape(merchantId), TableKeys.Escape(name), Azure.ETag.All, cancellationToken);
        return response.Status != 404;
    }

    public async Task<IReadOnlyList<ListingProfile>> ListAsync(string merchantId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var profiles = new List<ListingProfile>();
        await foreach (var e in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(TableKeys.Escape(merchantId))}", cancellationToken: cancellationToken))
        {
            profiles.Add(JsonSerializer.Deserialize<ListingProfile>(e.GetString("Json")!, CatalogJson.Options)!);
        }

        return profiles;
    }
}
