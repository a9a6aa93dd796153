using System.Text.Json;
using Connector.Http;
using Connector.Orders;
using Connector.Shops;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Labels;

/// <summary>
/// The back office's TikTok Shipping endpoints. POST .../labels checks everything against the stored order before
/// anything is written, stores the label under merchant + idempotency key, reserves the units on the order, and buys the
/// label at once (201) or, when TikTok is slow, hands it to the queue worker (202). The same key answers the same label.
/// Documents are read through the merchant's own path only: a label id under another merchant is not found.
/// </summary>
public sealed partial class LabelHandlers(
    LabelStore labels,
    LabelDocuments documents,
    LabelWorker worker,
    ShopRepository shops,
    OrderStore orders,
    ITikTokShopClient tiktok,
    IOptions<LabelOptions> options,
    TimeProvider time,
    ILogger<LabelHandlers> logger)
{
    /// <summary>POST /api/merchants/{merchantId}/orders/{orderId}/labels.</summary>
    public async Task<IActionResult> CreateAsync(HttpRequest request, string merchantId, string orderId, CancellationToken cancellationToken)
    {
        if (!LabelRequestParser.IsId(merchantId))
        {
            return Problems.NotFound($"Merchant {merchantId} does not exist.");
        }

        if (await ReadBodyAsync(request, cancellationToken) is not { } body)
        {
            return Problems.BadRequest("The body must be JSON: " + LabelRequestParser.Example);
        }

        var (parsed, errors) = LabelRequestParser.Parse(orderId, body);
        if (parsed is null)
        {
            return Problems.BadRequest("The label request is not valid: " + string.Join(" ", errors.SelectMany(e => e.Value)), errors);
        }

        var labelId = LabelStore.IdFor(merchantId, parsed.IdempotencyKey);
        if (await labels.GetAsync(merchantId, labelId, cancellationToken) is { } earlier)
        {
            return await ReplayAsync(request, earlier, parsed.Hash, cancellationToken);
        }

        var located = await FindOrderAsync(merchantId, orderId, parsed.ShopId, cancellationToken);
        if (located.Problem is not null)
        {
            return located.Problem;
        }

        var (shop, order) = (located.Shop!, located.Order!);
        var (lines, refusal) = LabelRules.Decide(order, parsed.Lines, labelId);
        if (refusal is null)
        {
            refusal = await CheckCombinedAsync(merchantId, order, parsed.CombineWith, labelId, cancellationToken);
        }

        if (refusal is not null)
        {
            LabelRefused(logger, merchantId, shop.ShopId, order.OrderId, refusal.Detail);
            return Problems.Create(refusal.Status, refusal.Title, refusal.Detail);
        }

        var settings = shop.Settings.Labels ?? new LabelSettings();
        var now = time.GetUtcNow();
        var label = new Label
        {
            LabelId = labelId, MerchantId = merchantId, IdempotencyKey = parsed.IdempotencyKey, RequestHash = parsed.Hash, ShopId = shop.ShopId, OrderId = order.OrderId,
            CombinedOrderIds = parsed.CombineWith, Lines = lines, AllLines = parsed.Lines is null, Weight = parsed.Weight, Dimensions = parsed.Dimensions,
            RequestedServiceId = parsed.ShippingServiceId, RequestedHandoverMethod = parsed.HandoverMethod, DocumentSize = parsed.LabelSize ?? settings.LabelSize ?? LabelSettings.A6,
            PackingSlip = settings.PackingSlip ?? true, CreatedAt = now, UpdatedAt = now,
        };
        var (stored, created) = await labels.AddOrGetAsync(label, cancellationToken);
        if (!created)
        {
            return await ReplayAsync(request, stored, parsed.Hash, cancellationToken);
        }

        LabelAccepted(logger, labelId, merchantId, shop.ShopId, order.OrderId, lines.Sum(l => l.Quantity), parsed.CombineWith.Count);
        var lost = await LabelReservations.ReserveAsync(orders, label, now, cancellationToken);
        if (lost is not null)
        {
            // Another label or shipment took the units between the check and the reservation.
            var failed = stored.Label with { Status = LabelStatus.Failed, Error = lost.Detail, FailureStatus = lost.Status, UpdatedAt = time.GetUtcNow() };
            await labels.UpdateAsync(stored, failed, cancellationToken);
            return Answer(request, failed, replayed: false);
        }

        return await RunAsync(request, stored, replayed: false, cancellationToken);
    }

    /// <summary>GET /api/merchants/{merchantId}/labels/{labelId}.</summary>
    public async Task<IActionResult> GetAsync(string merchantId, string labelId, CancellationToken cancellationToken)
    {
        if (!LabelRequestParser.IsId(merchantId) || !LabelRequestParser.IsId(labelId) || await labels.GetAsync(merchantId, labelId, cancellationToken) is not { } found)
        {
            return Problems.NotFound($"Label {labelId} of merchant {merchantId} does not exist.");
        }

        return Problems.Json(View(found.Label));
    }

    /// <summary>GET /api/merchants/{merchantId}/orders/{orderId}/labels: every label asked for the order, newest first.</summary>
    public async Task<IActionResult> ListAsync(string merchantId, string orderId, CancellationToken cancellationToken)
    {
        if (!LabelRequestParser.IsId(merchantId) || !LabelRequestParser.IsId(orderId))
        {
            return Problems.NotFound($"Order {orderId} does not exist for merchant {merchantId}.");
        }

        var found = await labels.ListForOrderAsync(merchantId, orderId, cancellationToken);
        return Problems.Json(new { merchantId, orderId, labels = found.Select(View) });
    }

    /// <summary>GET /api/merchants/{merchantId}/labels/{labelId}/documents/{document}: the PDF (label or packing-slip).</summary>
    public async Task<IActionResult> DownloadAsync(string merchantId, string labelId, string document, CancellationToken cancellationToken)
    {
        if (!LabelRequestParser.IsId(merchantId) || !LabelRequestParser.IsId(labelId) || await labels.GetAsync(merchantId, labelId, cancellationToken) is not { } found)
        {
            // The label is looked up in the merchant's own partition: another merchant's label id is simply not there.
            return Problems.NotFound($"Label {labelId} of merchant {merchantId} does not exist.");
        }

        var label = found.Label;
        if (!LabelDocumentKinds.All.Contains(document))
        {
            return Problems.NotFound($"A label has documents {string.Join(" and ", LabelDocumentKinds.All)}; '{document}' is not one.");
        }

        if (label.Status != LabelStatus.Ready)
        {
            return Problems.Conflict(label.Status == LabelStatus.Failed
                ? $"Label {labelId} was not bought: {label.Error}"
                : $"Label {labelId} is not ready yet (TikTok is still making it): ask again in a few seconds, or read GET /api/merchants/{merchantId}/labels/{labelId}.");
        }

        if (label.Documents.FirstOrDefault(d => d.Kind == document) is not { } stored)
        {
            return Problems.NotFound(document == LabelDocumentKinds.PackingSlip
                ? $"Label {labelId} has no packing slip: {label.PackingSlipNote ?? "the shop does not fetch packing slips (Settings.Labels.packingSlip)."}"
                : $"Label {labelId} has no {document}.");
        }

        var content = await documents.OpenAsync(stored.BlobName, cancellationToken);
        if (content is null)
        {
            return Problems.Create(StatusCodes.Status410Gone, "Gone", $"The {document} of label {labelId} is no longer stored.");
        }

        LabelDownloaded(logger, labelId, merchantId, document);
        var name = $"{document}-{label.OrderId}-{label.PackageId}.pdf";
        return new PdfResult(content, stored.Bytes, name);
    }

    /// <summary>
    /// POST /api/merchants/{merchantId}/orders/{orderId}/shipping-services: what TikTok would sell a label for, for this parcel
    /// (nothing is bought or stored). Units in a package TikTok made (UK/EU) have their carrier set by TikTok.
    /// </summary>
    public async Task<IActionResult> QuoteAsync(HttpRequest request, string merchantId, string orderId, CancellationToken cancellationToken)
    {
        if (!LabelRequestParser.IsId(merchantId))
        {
            return Problems.NotFound($"Merchant {merchantId} does not exist.");
        }

        if (await ReadBodyAsync(request, cancellationToken) is not { } body)
        {
            return Problems.BadRequest("The body must be JSON: {\"lines\": \"all\", \"weight\": {\"value\": 1.2, \"unit\": \"POUND\"}, \"dimensions\": {...}}.");
        }

        var withKey = WithQuoteKey(body);
        var (parsed, errors) = LabelRequestParser.Parse(orderId, withKey);
        if (parsed is null)
        {
            return Problems.BadRequest("The parcel is not valid: " + string.Join(" ", errors.SelectMany(e => e.Value)), errors);
        }

        var located = await FindOrderAsync(merchantId, orderId, parsed.ShopId, cancellationToken);
        if (located.Problem is not null)
        {
            return located.Problem;
        }

        var (shop, order) = (located.Shop!, located.Order!);
        var (lines, refusal) = LabelRules.Decide(order, parsed.Lines, labelId: "");
        if (refusal is not null)
        {
            return Problems.Create(refusal.Status, refusal.Title, refusal.Detail);
        }

        var reference = new TikTokShopRef(shop.ShopId, shop.Cipher);
        try
        {
            var tiktokOrder = (await tiktok.GetOrdersAsync(reference, [order.OrderId], cancellationToken)).FirstOrDefault(o => o.Id == order.OrderId);
            if (tiktokOrder is null)
            {
                return Problems.NotFound($"TikTok does not know order {order.OrderId}.");
            }

            var (ids, shortage) = LabelRules.ChooseLineItems(tiktokOrder, lines);
            if (shortage is not null)
            {
                return Problems.Conflict($"Order {order.OrderId} on TikTok has fewer units without a label than asked: {shortage}.");
            }

            var (flow, source, problem) = LabelRules.Flow(tiktokOrder, ids);
            if (problem is not null)
            {
                return Problems.Unprocessable(problem);
            }

            if (flow != LabelFlow.CreatePackage)
            {
                return Problems.Json(new
                {
                    orderId, shopId = shop.ShopId, flow = flow.ToString(), packageId = source, services = Array.Empty<object>(),
                    note = "TikTok made the package and assigns its carrier (Seller Center shipping settings): the label comes with the handover, no service to choose.",
                });
            }

            var offered = await tiktok.GetEligibleShippingServicesAsync(reference, order.OrderId, new TikTokShippingServiceQuery
            {
                OrderLineItemIds = ids,
                Weight = new TikTokWeight { Value = parsed.Weight.Value, Unit = parsed.Weight.Unit },
                Dimension = parsed.Dimensions is { } d ? new TikTokDimension { Length = d.Length, Width = d.Width, Height = d.Height, Unit = d.Unit } : null,
            }, cancellationToken);
            var settings = shop.Settings.Labels ?? new LabelSettings();
            var (chosen, choice, _) = LabelRules.ChooseService(offered.ShippingServices, parsed.ShippingServiceId, settings.DefaultShippingServiceId);
            return Problems.Json(new
            {
                orderId, shopId = shop.ShopId, flow = flow.ToString(), weight = parsed.Weight, dimensions = parsed.Dimensions,
                services = offered.ShippingServices.Select(s => new
                {
                    id = s.Id, name = s.Name, price = s.Price, currency = s.Currency, earliestDeliveryDays = s.EarliestDeliveryDays, latestDeliveryDays = s.LatestDeliveryDays,
                    isTikTokDefault = s.IsDefault, isShopDefault = s.Id == settings.DefaultShippingServiceId, carrier = new { id = s.ShippingProviderId, name = s.ShippingProviderName },
                }),
                wouldBuy = chosen is null ? null : new { id = chosen.Id, name = chosen.Name, choice },
            });
        }
        catch (TikTokException e) when (!e.IsRetryable)
        {
            return TikTokRefused(e, $"TikTok refused the shipping services of order {order.OrderId}");
        }
        catch (TikTokException e)
        {
            return Problems.Unavailable($"TikTok did not answer in time: {e.Message}");
        }
    }

    public static object View(Label l) => new
    {
        labelId = l.LabelId,
        merchantId = l.MerchantId,
        shopId = l.ShopId,
        orderId = l.OrderId,
        combinedOrderIds = l.CombinedOrderIds,
        status = l.Status.ToString(),
        flow = l.Flow?.ToString(),
        lines = l.Lines.Select(x => new { sku = x.Sku, quantity = x.Quantity }),
        allLines = l.AllLines,
        weight = new { value = l.Weight.Value, unit = l.Weight.Unit },
        dimensions = l.Dimensions is { } d ? new { length = d.Length, width = d.Width, height = d.Height, unit = d.Unit } : null,
        packageId = l.PackageId,
        trackingNumber = l.TrackingNumber,
        carrier = l.Service is { } s ? new { id = s.ShippingProviderId, name = s.ShippingProviderName } : null,
        shippingService = l.Service is { } service
            ? new
            {
                id = service.Id, name = service.Name, price = service.Price, currency = service.Currency, earliestDeliveryDays = service.EarliestDeliveryDays,
                latestDeliveryDays = service.LatestDeliveryDays, choice = service.Choice,
            }
            : null,
        handover = new
        {
            method = l.HandoverMethod,
            pickupSlot = l.PickupSlot,
            options = l.Handover,
        },
        labelSize = l.DocumentSize,
        documents = l.Documents.Select(doc => new { kind = doc.Kind, url = DocumentUrl(l, doc.Kind), bytes = doc.Bytes, sha256 = doc.Sha256, size = doc.DocumentSize }),
        labelUrl = l.Documents.Any(doc => doc.Kind == LabelDocumentKinds.Label) ? DocumentUrl(l, LabelDocumentKinds.Label) : null,
        packingSlipUrl = l.Documents.Any(doc => doc.Kind == LabelDocumentKinds.PackingSlip) ? DocumentUrl(l, LabelDocumentKinds.PackingSlip) : null,
        packingSlipNote = l.PackingSlipNote,
        lineItemIds = l.OrderLineItemIds.Count > 0 ? l.OrderLineItemIds : new Dictionary<string, IReadOnlyList<string>> { [l.OrderId] = l.LineItemIds },
        idempotencyKey = l.IdempotencyKey,
        error = l.Error,
        tikTokCode = l.TikTokCode,
        tikTokRequestId = l.TikTokRequestId,
        supportCaseId = l.SupportCaseId,
        createdAt = l.CreatedAt,
        updatedAt = l.UpdatedAt,
    };

    public static string Location(Label label) => $"/api/merchants/{Uri.EscapeDataString(label.MerchantId)}/labels/{label.LabelId}";

    private static string DocumentUrl(Label label, string kind) => $"{Location(label)}/documents/{kind}";

    private async Task<IActionResult> ReplayAsync(HttpRequest request, VersionedLabel earlier, string hash, CancellationToken cancellationToken)
    {
        if (earlier.Label.RequestHash != hash)
        {
            return Problems.Conflict(
                $"Idempotency key '{earlier.Label.IdempotencyKey}' was used for a different label ({earlier.Label.LabelId}, order {earlier.Label.OrderId}). Use a new key for a new label.");
        }

        LabelReplayed(logger, earlier.Label.LabelId, earlier.Label.MerchantId, earlier.Label.Status);
        if (earlier.Label.Status == LabelStatus.Accepted && !earlier.Label.Queued && !(earlier.Label.LeaseUntil > time.GetUtcNow()))
        {
            // The first request stopped before it finished or queued the label: carry on now.
            return await RunAsync(request, earlier, replayed: true, cancellationToken);
        }

        return Answer(request, earlier.Label, replayed: true);
    }

    /// <summary>Buys the label now, within the inline timeout; otherwise queues it and answers 202.</summary>
    private async Task<IActionResult> RunAsync(HttpRequest request, VersionedLabel stored, bool replayed, CancellationToken cancellationToken)
    {
        using var inline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        inline.CancelAfter(options.Value.InlineTimeout);
        try
        {
            var done = await worker.ProcessAsync(stored.Label.MerchantId, stored.Label.LabelId, background: false, inline.Token);
            if (done is not null && done.Status != LabelStatus.Accepted)
            {
                return Answer(request, done, replayed);
            }
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or TikTokException or LabelRetryException or LabelBusyException
                                      or Azure.RequestFailedException)
        {
            // Slow or not ready: the queue worker finishes it.
        }

        var current = await labels.GetAsync(stored.Label.MerchantId, stored.Label.LabelId, CancellationToken.None) ?? stored;
        if (current.Label.Status == LabelStatus.Accepted && !current.Label.Queued)
        {
            current = await worker.EnqueueAsync(current, CancellationToken.None);
        }

        return Answer(request, current.Label, replayed);
    }

    private static IActionResult Answer(HttpRequest request, Label label, bool replayed)
    {
        var location = Location(label);
        request.HttpContext.Response.Headers.Location = location;
        if (replayed)
        {
            request.HttpContext.Response.Headers["Idempotent-Replayed"] = "true";
        }

        switch (label.Status)
        {
            case LabelStatus.Failed:
                var status = label.FailureStatus ?? StatusCodes.Status422UnprocessableEntity;
                return ProblemWith(status, label.TikTokCode is null ? "Label not bought" : "TikTok refused the label", label.Error ?? "The label was not bought.", new Dictionary<string, object?>
                {
                    ["labelId"] = label.LabelId, ["tikTokCode"] = label.TikTokCode, ["tikTokRequestId"] = label.TikTokRequestId, ["supportCaseId"] = label.SupportCaseId,
                    ["replayed"] = replayed, ["label"] = View(label),
                });
            case LabelStatus.Ready:
                return Problems.Json(new { labelId = label.LabelId, status = label.Status.ToString(), location, replayed, label = View(label) },
                    replayed ? StatusCodes.Status200OK : StatusCodes.Status201Created);
            default:
                return Problems.Json(new { labelId = label.LabelId, status = label.Status.ToString(), location, replayed, label = View(label) }, StatusCodes.Status202Accepted);
        }
    }

    private static IActionResult TikTokRefused(TikTokException e, string what) => ProblemWith(StatusCodes.Status422UnprocessableEntity, "TikTok refused", $"{what}: {e.Message}",
        new Dictionary<string, object?> { ["tikTokCode"] = e.Code, ["tikTokRequestId"] = e.RequestId });

    /// <summary>problem+json with extra members (the label, TikTok's code and request id).</summary>
    private static IActionResult ProblemWith(int status, string title, string detail, Dictionary<string, object?> extensions)
    {
        var body = new Dictionary<string, object?>
        {
            ["type"] = $"https://httpstatuses.io/{status}", ["title"] = title, ["status"] = status, ["detail"] = detail, ["reference"] = Problems.NewReference(),
        };
        foreach (var (key, value) in extensions)
        {
            body[key] = value;
        }

        return new ContentResult { StatusCode = status, ContentType = Problems.ContentType, Content = JsonSerializer.Serialize(body, Problems.JsonOptions) };
    }

    private sealed record Located(ShopRecord? Shop, StoredOrder? Order, IActionResult? Problem);

    private async Task<Located> FindOrderAsync(string merchantId, string orderId, string? shopId, CancellationToken cancellationToken)
    {
        var merchantShops = await shops.ListByMerchantAsync(merchantId, cancellationToken);
        foreach (var shop in merchantShops.Where(s => shopId is null || s.ShopId == shopId))
        {
            if (await orders.GetAsync(shop.ShopId, orderId, cancellationToken) is { } found && found.Order.MerchantId == merchantId)
            {
                return shop.Status == ShopStatus.ReauthorizationRequired
                    ? new Located(null, null, Problems.Conflict($"Shop {shop.ShopId} needs the seller to authorize the connector again before labels can be bought."))
                    : new Located(shop, found.Order, null);
            }
        }

        return new Located(null, null, Problems.NotFound($"Order {orderId} does not exist for merchant {merchantId}."));
    }

    private async Task<LabelRefusal?> CheckCombinedAsync(string merchantId, StoredOrder main, IReadOnlyList<string> combineWith, string labelId, CancellationToken cancellationToken)
    {
        foreach (var otherId in combineWith)
        {
            var other = await orders.GetAsync(main.ShopId, otherId, cancellationToken);
            if (other is null || other.Order.MerchantId != merchantId)
            {
                return new LabelRefusal(StatusCodes.Status404NotFound, "Not found", $"combineWith: order {otherId} does not exist in shop {main.ShopId} of merchant {merchantId}.");
            }

            if (LabelRules.DecideCombined(main, other.Order, labelId) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    private static async Task<JsonElement?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A quote needs no idempotency key: the parser gets a placeholder.</summary>
    private static JsonElement WithQuoteKey(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return body;
        }

        var node = System.Text.Json.Nodes.JsonObject.Create(body)!;
        node["idempotencyKey"] = "quote";
        node.Remove("combineWith");
        return JsonSerializer.SerializeToElement(node);
    }

    [LoggerMessage(EventId = 4821, Level = LogLevel.Information,
        Message = "Label {LabelId} accepted for merchant {MerchantId}, shop {ShopId}, order {OrderId}: {Units} units, {Combined} combined orders")]
    private static partial void LabelAccepted(ILogger logger, string labelId, string merchantId, string shopId, string orderId, int units, int combined);

    [LoggerMessage(EventId = 4822, Level = LogLevel.Information, Message = "Label refused for merchant {MerchantId}, shop {ShopId}, order {OrderId}: {Reason}")]
    private static partial void LabelRefused(ILogger logger, string merchantId, string shopId, string orderId, string reason);

    [LoggerMessage(EventId = 4823, Level = LogLevel.Information, Message = "Label {LabelId} of merchant {MerchantId} requested again ({Status}): first result returned")]
    private static partial void LabelReplayed(ILogger logger, string labelId, string merchantId, LabelStatus status);

    [LoggerMessage(EventId = 4824, Level = LogLevel.Information, Message = "Label {LabelId} of merchant {MerchantId}: {Document} downloaded")]
    private static partial void LabelDownloaded(ILogger logger, string labelId, string merchantId, string document);
}

/// <summary>A PDF streamed from blob storage: never cached by a shared cache, offered as a download.</summary>
public sealed class PdfResult(Stream content, long length, string fileName) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/pdf";
        response.ContentLength = length;
        response.Headers.CacheControl = "private, no-store";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using (content)
        {
            await content.CopyToAsync(response.Body, context.HttpContext.RequestAborted);
        }
    }
}
