using System.Security.Cryptography;
using Azure;
using Azure.Data.Tables;
using Connector.Storage;

namespace Connector.Onboarding;

/// <summary>A state handed to TikTok with one opened onboarding link.</summary>
public sealed record OAuthState(string Value, string MerchantId, string Region, string AppKey, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    string? UsedByCode, ETag ETag);

/// <summary>
/// Table <c>OAuthStates</c>: states (partition <c>state</c>: merchant, region, app, created, expires, used) and callbacks
/// (partition <c>callback</c>, key = SHA-256 of the code): the claim that makes a second identical callback show the
/// first one's result instead of running again.
/// </summary>
public sealed class OAuthStateStore(StorageClients storage)
{
    public const string TableName = "OAuthStates";
    private const string StatePartition = "state";
    private const string CallbackPartition = "callback";


    public async Task<OAuthState> CreateAsync(string merchantId, string region, string appKey, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
        var client = await storage.TableAsync(TableName, cancellationToken);
        var entity = new TableEntity(StatePartition, value)
        {
            ["MerchantId"] = merchantId, ["Region"] = region, ["AppKey"] = appKey, ["CreatedAt"] = now, ["ExpiresAt"] = now + lifetime,
        };
        var response = await client.AddEntityAsync(entity, cancellationToken);
        return new OAuthState(value, merchantId, region, appKey, now, now + lifetime, null, response.Headers.ETag ?? default);
    }

    public async Task<OAuthState?> GetAsync(string value, CancellationToken cancellationToken)
    {
        if (value.Length is 0 or > 200 || value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c)))
        {
            return null;
        }

        var client = await storage.TableAsync(TableName, cancellationToken);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(StatePartition, value, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var e = response.Value!;
        return new OAuthState(value, e.GetString("MerchantId") ?? "", e.GetString("Region") ?? "", e.GetString("AppKey") ?? "",
            e.GetDateTimeOffset("CreatedAt") ?? default, e.GetDateTimeOffset("ExpiresAt") ?? default, e.GetString("UsedByCode"), e.ETag);
    }

    /// <summary>Marks the state used by one code; false when someone used it in between.</summary>
    public async Task<bool> TryMarkUsedAsync(OAuthState state, string codeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var entity = new TableEntity(StatePartition, state.Value) { ["UsedByCode"] = codeHash, ["UsedAt"] = now };
        try
        {
            await client.UpdateEntityAsync(entity, state.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            return false;
        }
    }

    public static string Hash(string code) => TableRows.HashedId("", code, 40);

    /// <summary>Claims a callback by code: null when this caller claimed it, else the claim found (in progress or done).</summary>
    public async Task<(bool Completed, string? Outcome)?> TryClaimCallbackAsync(string codeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        try
        {
            await client.AddEntityAsync(new TableEntity(CallbackPartition, codeHash) { ["ClaimedAt"] = now, ["Completed"] = false }, cancellationToken);
            return null;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return await GetCallbackAsync(codeHash, cancellationToken) ?? (false, null);
        }
    }

    public async Task<(bool Completed, string? Outcome)?> GetCallbackAsync(string codeHash, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(CallbackPartition, codeHash, cancellationToken: cancellationToken);
        return response.HasValue ? (response.Value!.GetBoolean("Completed") == true, response.Value.GetString("Outcome")) : null;
    }

    public async Task CompleteCallbackAsync(string codeHash, string outcomeJson, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        await client.UpsertEntityAsync(new TableEntity(CallbackPartition, codeHash) { ["Completed"] = true, ["Outcome"] = outcomeJson }, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Drops a claim whose callback failed, so the same URL can be tried again and nothing remains of it.</summary>
    public async Task ReleaseCallbackAsync(string codeHash, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        try
        {
            await client.DeleteEntityAsync(CallbackPartition, codeHash, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
    }
}
