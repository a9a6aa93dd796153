using System.Text.Json;
using Connector.Http;
using Connector.Messaging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Connector.Catalog;

/// <summary>Tells the order capability that a merchant's catalog grew, so its Pending orders are looked at again.</summary>
public sealed record SkuReevaluationMessage(string MerchantId);

/// <summary>
/// <c>PUT /api/merchants/{merchantId}/skus</c> <c>{"skus":[{"sku":"A-1","name":"..."}]}</c>: adds SKUs (up to 1,000) to the
/// merchant's catalog. Every row is validated first; any bad row rejects the request and nothing is stored. Then the
/// merchant's Pending orders are re-evaluated in the background.
/// </summary>
public sealed partial class SkuCatalogEndpoint(SkuCatalog catalog, MessageQueue messages, QueueNames queues, ILogger<SkuCatalogEndpoint> logger)
{
    public const int MaxSkuLength = 200;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Body(List<Row?>? Skus);

    private sealed record Row(string? Sku, string? Name);

    public async Task<IActionResult> PutAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await RequestBody.ReadAsync<Body>(request, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        if (body?.Skus is not { Count: > 0 } rows)
        {
            return Problems.BadRequest("The body needs \"skus\": a list of {\"sku\", \"name\"}.");
        }

        if (rows.Count > SkuCatalog.MaxPerRequest)
        {
            return Problems.BadRequest($"At most {SkuCatalog.MaxPerRequest} SKUs per request; this one has {rows.Count}.");
        }

        var errors = new Dictionary<string, string[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var sku = rows[i]?.Sku;
            var problem = sku switch
            {
                null or "" => "sku is required",
                _ when sku.Trim() != sku => "sku has leading or trailing spaces",
                _ when sku.Length > MaxSkuLength => $"sku is longer than {MaxSkuLength} characters",
                _ when sku.Any(char.IsControl) => "sku contains control characters",
                _ when !seen.Add(sku) => "sku appears twice in this request",
                _ => null,
            };
            if (problem is not null)
            {
                errors[$"skus[{i}]"] = [problem];
            }
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest($"{errors.Count} of {rows.Count} rows are not valid; nothing was stored.", errors);
        }

        await catalog.UpsertAsync(merchantId, rows.Select(r => new CatalogSku(r!.Sku!, r.Name)).ToArray(), cancellationToken);
        await messages.SendAsync(queues.SkuReevaluation, new SkuReevaluationMessage(merchantId), cancellationToken);
        LogStored(rows.Count, merchantId);
        return new OkObjectResult(new { merchantId, stored = rows.Count });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} SKUs stored in the catalog of merchant {MerchantId}")]
    private partial void LogStored(int count, string merchantId);
}
