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

    public const int MaxNameLength = 500;

    public async Task<IActionResult> PutAsync(HttpRequest request, string merchantId, CancellationToken cancellationToken)
    {
        if (Ids.Check(("merchantId", merchantId)) is { } badId)
        {
            return badId;
        }

        var read = await RequestBody.ReadJsonAsync(request, cancellationToken);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        if (read.Value is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("skus", out var array) || array.ValueKind != JsonValueKind.Array
            || array.GetArrayLength() == 0)
        {
            return Problems.BadRequest("The body needs \"skus\": a list of {\"sku\": \"...\", \"name\": \"...\"}.",
                new Dictionary<string, string[]> { ["skus"] = [read.Value is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("skus", out _) ? "must be a list of 1 or more {\"sku\", \"name\"}" : "required: a list of {\"sku\", \"name\"}"] });
        }

        if (array.GetArrayLength() > SkuCatalog.MaxPerRequest)
        {
            return Problems.BadRequest($"At most {SkuCatalog.MaxPerRequest} SKUs per request; this one has {array.GetArrayLength()}.",
                new Dictionary<string, string[]> { ["skus"] = [$"must hold at most {SkuCatalog.MaxPerRequest} SKUs"] });
        }

        var errors = new Dictionary<string, string[]>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = new List<CatalogSku>();
        var index = 0;
        foreach (var row in array.EnumerateArray())
        {
            var at = $"skus[{index++}]";
            if (row.ValueKind != JsonValueKind.Object)
            {
                errors[at] = ["must be an object {\"sku\": \"...\", \"name\": \"...\"}"];
                continue;
            }

            string? sku = null, name = null;
            if (!row.TryGetProperty("sku", out var skuValue) || skuValue.ValueKind == JsonValueKind.Null || skuValue.ValueKind == JsonValueKind.String && skuValue.GetString() == "")
            {
                errors[at + ".sku"] = [$"required: the seller SKU, 1 to {MaxSkuLength} characters"];
            }
            else if (skuValue.ValueKind != JsonValueKind.String)
            {
                errors[at + ".sku"] = [$"must be text: the seller SKU, 1 to {MaxSkuLength} characters"];
            }
            else
            {
                sku = skuValue.GetString()!;
                var problem = sku switch
                {
                    _ when sku.Trim() != sku => "must not start or end with spaces",
                    _ when sku.Length > MaxSkuLength => $"must be at most {MaxSkuLength} characters",
                    _ when sku.Any(char.IsControl) => "must not contain control characters",
                    _ when !seen.Add(sku) => "appears twice in this request",
                    _ => null,
                };
                if (problem is not null)
                {
                    errors[at + ".sku"] = [problem];
                }
            }

            if (row.TryGetProperty("name", out var nameValue) && nameValue.ValueKind != JsonValueKind.Null)
            {
                if (nameValue.ValueKind != JsonValueKind.String || nameValue.GetString()!.Length > MaxNameLength)
                {
                    errors[at + ".name"] = [$"must be text of at most {MaxNameLength} characters (or left out)"];
                }
                else
                {
                    name = nameValue.GetString();
                }
            }

            if (sku is not null)
            {
                rows.Add(new CatalogSku(sku, name));
            }
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest($"{errors.Keys.Select(k => k[..(k.IndexOf(']', StringComparison.Ordinal) + 1)]).Distinct().Count()} of {array.GetArrayLength()} rows are not valid; nothing was stored.", errors);
        }

        await catalog.UpsertAsync(merchantId, rows, cancellationToken);
        await messages.SendAsync(queues.SkuReevaluation, new SkuReevaluationMessage(merchantId), cancellationToken);
        LogStored(rows.Count, merchantId);
        return new OkObjectResult(new { merchantId, stored = rows.Count });
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} SKUs stored in the catalog of merchant {MerchantId}")]
    private partial void LogStored(int count, string merchantId);
}
