using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Connector.Storage;
using Microsoft.Extensions.Logging;

namespace Connector.Support;

/// <summary>
/// Support cases in table <c>SupportCases</c> (one partition, <c>case</c>). A case is opened with an idempotency key:
/// the same key (a retried callback, a re-run refresh worker) opens the case once.
/// </summary>
public sealed partial class SupportCaseStore(StorageClients storage, TimeProvider time, ILogger<SupportCaseStore> logger)
{
    public const string TableName = "SupportCases";
    public const string Partition = "case";


    /// <summary>Opens a case unless one with <paramref name="idempotencyKey"/> exists; returns the case either way.</summary>
    public async Task<SupportCase> OpenAsync(SupportCaseKind kind, string idempotencyKey, string message, string? shopId, string? merchantId,
        string? authorizationId, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var caseId = CaseId(idempotencyKey);
        var opened = new SupportCase
        {
            CaseId = caseId, Kind = kind, Message = message, ShopId = shopId, MerchantId = merchantId, AuthorizationId = authorizationId,
            CreatedAt = time.GetUtcNow(),
        };
        var response = await client.GetEntityIfExistsAsync<TableEntity>(Partition, caseId, cancellationToken: cancellationToken);
        if (response.HasValue)
        {
            return FromEntity(response.Value!);
        }

        try
        {
            await client.AddEntityAsync(ToEntity(opened), cancellationToken);
            CaseOpened(logger, caseId, kind, shopId, merchantId, authorizationId);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 409)
        {
            // Opened by a concurrent caller with the same key.
        }

        return opened;
    }

    public async Task<SupportCase?> GetAsync(string caseId, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var response = await client.GetEntityIfExistsAsync<TableEntity>(Partition, caseId, cancellationToken: cancellationToken);
        return response.HasValue ? FromEntity(response.Value!) : null;
    }

    /// <summary>Every case, newest first (tests and small admin views; later capabilities page it).</summary>
    public async Task<IReadOnlyList<SupportCase>> ListAsync(CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var cases = new List<SupportCase>();
        await foreach (var entity in client.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, cancellationToken: cancellationToken))
        {
            cases.Add(FromEntity(entity));
        }

        return cases.OrderByDescending(c => c.CreatedAt).ToList();
    }

    /// <summary>Marks an open case resolved with a note; null when it does not exist, unchanged when it was resolved already.</summary>
    public async Task<(SupportCase? Case, bool AlreadyResolved)> ResolveAsync(string caseId, string note, string resolvedBy, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        return await OptimisticConcurrency.RetryAsync<(SupportCase?, bool)>(async _ =>
        {
            var response = await client.GetEntityIfExistsAsync<TableEntity>(Partition, caseId, cancellationToken: cancellationToken);
            if (!response.HasValue)
            {
                return (null, false);
            }

            var current = FromEntity(response.Value!);
            if (current.Status == SupportCaseStatus.Resolved)
            {
                return (current, true);
            }

            var resolved = current with { Status = SupportCaseStatus.Resolved, ResolvedAt = time.GetUtcNow(), ResolvedBy = resolvedBy, ResolutionNote = note };
            await client.UpdateEntityAsync(ToEntity(resolved), response.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            CaseResolved(logger, caseId, current.Kind, current.ShopId, resolvedBy);
            return (resolved, false);
        });
    }

    /// <summary>Removes every case of a shop; answers how many.</summary>
    public async Task<int> DeleteShopAsync(string shopId, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(TableName, cancellationToken);
        var keys = new List<string>();
        await foreach (var e in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and ShopId eq {shopId}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            keys.Add(e.RowKey);
        }

        foreach (var chunk in keys.Chunk(100))
        {
            await client.SubmitTransactionAsync(chunk.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(Partition, k), Azure.ETag.All)), cancellationToken);
        }

        return keys.Count;
    }

    /// <summary>Deterministic from the key, so the same key always names the same case.</summary>
    internal static string CaseId(string idempotencyKey) =>
        "c" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..20];

    private static TableEntity ToEntity(SupportCase c) => new(Partition, c.CaseId)
    {
        ["Kind"] = c.Kind.ToString(),
        ["Status"] = c.Status.ToString(),
        ["ShopId"] = c.ShopId,
        ["MerchantId"] = c.MerchantId,
        ["AuthorizationId"] = c.AuthorizationId,
        ["Message"] = c.Message,
        ["CreatedAt"] = c.CreatedAt,
        ["ResolvedAt"] = c.ResolvedAt,
        ["ResolvedBy"] = c.ResolvedBy,
        ["ResolutionNote"] = c.ResolutionNote,
    };

    private static SupportCase FromEntity(TableEntity e) => new()
    {
        CaseId = e.RowKey,
        Kind = Enum.Parse<SupportCaseKind>(e.GetString("Kind")!),
        Status = Enum.Parse<SupportCaseStatus>(e.GetString("Status") ?? nameof(SupportCaseStatus.Open)),
        ShopId = e.GetString("ShopId"),
        MerchantId = e.GetString("MerchantId"),
        AuthorizationId = e.GetString("AuthorizationId"),
        Message = e.GetString("Message") ?? "",
        CreatedAt = e.GetDateTimeOffset("CreatedAt") ?? default,
        ResolvedAt = e.GetDateTimeOffset("ResolvedAt"),
        ResolvedBy = e.GetString("ResolvedBy"),
        ResolutionNote = e.GetString("ResolutionNote"),
    };

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "Support case {CaseId} opened: {Kind} (shop {ShopId}, merchant {MerchantId}, authorization {AuthorizationId})")]
    private static partial void CaseOpened(ILogger logger, string caseId, SupportCaseKind kind, string? shopId, string? merchantId, string? authorizationId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Support case {CaseId} resolved: {Kind} (shop {ShopId}) by key {ResolvedBy}")]
    private static partial void CaseResolved(ILogger logger, string caseId, SupportCaseKind kind, string? shopId, string resolvedBy);
}
