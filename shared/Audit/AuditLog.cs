using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using Connector.Http;
using Connector.Storage;
using Microsoft.Extensions.Logging;

namespace Connector.Audit;

/// <summary>One admin write: which key made it, what it changed, when.</summary>
public sealed record AuditEntry(
    string EntryId,
    DateTimeOffset At,
    string KeyName,
    string Action,
    string? ShopId,
    string? Target,
    JsonElement? Change);

/// <summary>
/// The audit log of every admin write, in table <c>AdminAudit</c>: partition = shop id (or <c>_global</c> for writes
/// that are not about one shop, and for shop deletions, which outlive the shop), row = inverted time + id, so the
/// newest entries come first.
/// </summary>
public sealed partial class AuditLog(StorageClients storage, TimeProvider time, ILogger<AuditLog> logger)
{
    public const string TableName = "AdminAudit";
    public const string GlobalPartition = "_global";

    public async Task<AuditEntry> WriteAsync(string keyName, string action, string? shopId, string? target, object? change, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var at = time.GetUtcNow();
        var id = Guid.NewGuid().ToString("N")[..12];
        var changeJson = change is null ? null : JsonSerializer.Serialize(change, Problems.JsonOptions);
        var partition = shopId is null || action == AuditActions.DeleteShop ? GlobalPartition : TableKeys.Escape(shopId);
        await table.AddEntityAsync(new TableEntity(partition, RowKey(at, id))
        {
            ["At"] = at,
            ["KeyName"] = keyName,
            ["Action"] = action,
            ["ShopId"] = shopId,
            ["Target"] = target,
            ["Change"] = changeJson,
        }, CancellationToken.None);
        LogWrite(keyName, action, shopId, target);
        return new AuditEntry(id, at, keyName, action, shopId, target, changeJson is null ? null : JsonDocument.Parse(changeJson).RootElement.Clone());
    }

    /// <summary>
    /// One write that touches several shops (onboarding): an entry in the global log and one in each shop's log, so a
    /// shop's audit shows where it came from.
    /// </summary>
    public async Task WriteForShopsAsync(string keyName, string action, IEnumerable<string> shopIds, string? target, object? change, CancellationToken cancellationToken)
    {
        await WriteAsync(keyName, action, null, target, change, cancellationToken);
        foreach (var shopId in shopIds.Distinct(StringComparer.Ordinal))
        {
            await WriteAsync(keyName, action, shopId, target, change, cancellationToken);
        }
    }

    /// <summary>A shop's entries (or the global ones when <paramref name="shopId"/> is null), newest first.</summary>
    public async Task<(IReadOnlyList<AuditEntry> Entries, string? ContinuationToken)> ListAsync(string? shopId, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        var filter = $"PartitionKey eq {TableKeys.Literal(shopId is null ? GlobalPartition : TableKeys.Escape(shopId))}";
        await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(FromEntity).ToArray(), page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Removes a shop's entries (its deletion is then recorded in the global partition); answers how many.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableName, cancellationToken);
        return await TableRows.DeletePartitionAsync(table, TableKeys.Escape(shopId), cancellationToken);
    }

    private static string RowKey(DateTimeOffset at, string id) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + id;

    private static AuditEntry FromEntity(TableEntity e) => new(
        e.RowKey[(e.RowKey.IndexOf('_', StringComparison.Ordinal) + 1)..],
        e.GetDateTimeOffset("At") ?? default,
        e.GetString("KeyName") ?? "",
        e.GetString("Action") ?? "",
        e.GetString("ShopId"),
        e.GetString("Target"),
        e.GetString("Change") is { Length: > 0 } json ? JsonDocument.Parse(json).RootElement.Clone() : null);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Admin {Action} by key {KeyName} (shop {ShopId}, target {Target})")]
    private partial void LogWrite(string keyName, string action, string? shopId, string? target);
}

public static class AuditActions
{
    public const string ActivateShop = "shop.activate";
    public const string PauseShop = "shop.pause";
    public const string ResumeShop = "shop.resume";
    public const string RenameShop = "shop.rename";
    public const string UpdateSettings = "shop.settings";
    public const string DeleteShop = "shop.delete";
    public const string SyncShop = "shop.sync";
    public const string ResolveCase = "case.resolve";
    public const string ReplayMessage = "failed-message.replay";
    public const string ReplayAllMessages = "failed-message.replay-all";
    public const string DeleteMessage = "failed-message.delete";
    public const string CreateOnboardingLink = "onboarding.link";
    public const string CompleteOnboarding = "onboarding.complete";
    public const string AssignAuthorization = "authorization.assign";
}
