using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;
using Connector.TikTok.Api;

namespace Connector.Tokens;

/// <summary>
/// Table <c>Authorizations</c>: one row per seller authorization (partition <c>auth</c>) and the refresh lease rows
/// (partition <c>lease</c>, see <see cref="RefreshLease"/>).
/// </summary>
public sealed class AuthorizationRepository(StorageClients storage)
{
    public const string TableName = "Authorizations";
    public const string Partition = "auth";


    internal Task<TableClient> TableAsync() => storage.TableAsync(TableName, CancellationToken.None);

    /// <summary>The same seller authorizing the same app again gets the same id (and the same secret).</summary>
    public static string IdFor(string appKey, string? openId) => string.IsNullOrEmpty(openId)
        ? "a" + Guid.NewGuid().ToString("N")[..24]
        : TableRows.HashedId("a", appKey + "|" + openId, 24);

    public async Task<AuthorizationRecord?> GetAsync(string authorizationId, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(Partition, authorizationId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>Inserts (ETag empty) or replaces the row read earlier (ETag must match).</summary>
    public async Task SaveAsync(AuthorizationRecord record, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        try
        {
            var response = record.ETag == default
                ? await client.AddEntityAsync(ToEntity(record), cancellationToken)
                : await client.UpdateEntityAsync(ToEntity(record), record.ETag, TableUpdateMode.Replace, cancellationToken);
            record.ETag = response.Headers.ETag ?? default;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException($"Authorization {record.AuthorizationId} was changed by someone else.", e);
        }
    }

    /// <summary>Removes an authorization row (its lease row too); answers whether it existed.</summary>
    public async Task<bool> DeleteAsync(string authorizationId, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        try
        {
            await client.DeleteEntityAsync(RefreshLease.Partition, authorizationId, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }

        try
        {
            var response = await client.DeleteEntityAsync(Partition, authorizationId, ETag.All, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    /// <summary>Active authorizations whose access token expires before <paramref name="before"/> (what the timer refreshes).</summary>
    public async Task<IReadOnlyList<AuthorizationRecord>> ListDueAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Partition} and Status eq {nameof(AuthorizationStatus.Active)} and AccessTokenExpiresAt le {before}");
        var due = new List<AuthorizationRecord>();
        await foreach (var entity in client.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            due.Add(FromEntity(entity));
        }

        return due;
    }

    public async Task<IReadOnlyList<AuthorizationRecord>> ListAllAsync(CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var all = new List<AuthorizationRecord>();
        await foreach (var entity in client.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            all.Add(FromEntity(entity));
        }

        return all;
    }

    private static TableEntity ToEntity(AuthorizationRecord r) => new(Partition, r.AuthorizationId)
    {
        ["AppKey"] = r.AppKey,
        ["OpenId"] = r.OpenId,
        ["SellerName"] = r.SellerName,
        ["SellerRegion"] = r.SellerRegion,
        ["MerchantId"] = r.MerchantId,
        ["Status"] = r.Status.ToString(),
        ["SecretName"] = r.SecretName,
        ["AccessTokenExpiresAt"] = r.AccessTokenExpiresAt,
        ["RefreshTokenExpiresAt"] = r.RefreshTokenExpiresAt,
        ["Shops"] = JsonSerializer.Serialize(r.Shops),
        ["CreatedAt"] = r.CreatedAt,
        ["UpdatedAt"] = r.UpdatedAt,
    };

    private static AuthorizationRecord FromEntity(TableEntity e) => new()
    {
        AuthorizationId = e.RowKey,
        AppKey = e.GetString("AppKey") ?? "",
        OpenId = e.GetString("OpenId"),
        SellerName = e.GetString("SellerName"),
        SellerRegion = e.GetString("SellerRegion"),
        MerchantId = e.GetString("MerchantId") is { Length: > 0 } merchant ? merchant : null,
        Status = Enum.Parse<AuthorizationStatus>(e.GetString("Status") ?? nameof(AuthorizationStatus.Active)),
        AccessTokenExpiresAt = e.GetDateTimeOffset("AccessTokenExpiresAt") ?? default,
        RefreshTokenExpiresAt = e.GetDateTimeOffset("RefreshTokenExpiresAt") ?? default,
        Shops = e.GetString("Shops") is { Length: > 0 } json ? JsonSerializer.Deserialize<List<TikTokAuthorizedShop>>(json) ?? [] : [],
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        UpdatedAt = e.GetDateTimeOffset("UpdatedAt") ?? default,
        ETag = e.ETag,
    };
}
