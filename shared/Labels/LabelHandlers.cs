using Connector.Http;
using Connector.Orders;
using Connector.Shops;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Labels;

/// <summary>
/// The back office's TikTok Shipping endpoints. POST .../labels checks everything against the stored order before
/// anything is written, stores the label under merchant + idempotency key, reserves the units on the order, and buys the
/// label at once (201) or, when TikTok is slow, hands it to the queue worker (202). The same key answers the same label.
/// Documents are read through the merchant's own path only: a label id under another merchant is not found. Requests are
/// bound and checked by their records (<see cref="CreateLabel"/>, ...).
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
    public async Task<Outcome<LabelAnswer>> CreateAsync(CreateLabel request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, orderId, parsed) = (request.MerchantId, request.OrderId, request.Label);
        var labelId = LabelStore.IdFor(merchantId, parsed.IdempotencyKey);
        if (await labels.GetAsync(merchantId, labelId, cancellationToken) is { } earlier)
        {
            return await ReplayAsync(earlier, parsed.Hash, cancellationToken);
        }

        var located = await FindOrderAsync(merchantId, orderId, parsed.ShopId, cancellationToken);
        if (located.Refusal is { } notFound)
        {
            return notFound;
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
            return refusal.ToRefusal();
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
            return await ReplayAsync(stored, parsed.Hash, cancellationToken);
        }

        LabelAccepted(logger, labelId, merchantId, shop.ShopId, order.OrderId, lines.Sum(l => l.Quantity), parsed.CombineWith.Count);
        var lost = await LabelReservations.ReserveAsync(orders, label, now, cancellationToken);
        if (lost is not null)
        {
            // Another label or shipment took the units between the check and the reservation.
            var failed = stored.Label with { Status = LabelStatus.Failed, Error = lost.Detail, FailureStatus = lost.Status, UpdatedAt = time.GetUtcNow() };
            await labels.UpdateAsync(stored, failed, cancellationToken);
            return Answer(failed, replayed: false);
        }

        return await RunAsync(stored, replayed: false, cancellationToken);
    }

    /// <summary>GET /api/merchants/{merchantId}/labels/{labelId}.</summary>
    public async Task<Outcome<LabelView>> GetAsync(GetLabel request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await labels.GetAsync(request.MerchantId, request.LabelId, cancellationToken) is { } found
            ? LabelView.Of(found.Label)
            : Refusal.NotFound($"Label {request.LabelId} of merchant {request.MerchantId} does not exist.");
    }

    /// <summary>GET /api/merchants/{merchantId}/orders/{orderId}/labels: every label asked for the order, newest first.</summary>
    public async Task<Outcome<OrderLabels>> ListAsync(ListOrderLabels request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var found = await labels.ListForOrderAsync(request.MerchantId, request.OrderId, cancellationToken);
        return new OrderLabels(request.MerchantId, request.OrderId, found.Select(LabelView.Of).ToList());
    }

    /// <summary>GET /api/merchants/{merchantId}/labels/{labelId}/documents/{document}: the PDF (label or packing-slip), streamed from storage.</summary>
    public async Task<Outcome<StreamBody>> DownloadAsync(DownloadLabelDocument request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, labelId, document) = (request.MerchantId, request.LabelId, request.Document);
        if (await labels.GetAsync(merchantId, labelId, cancellationToken) is not { } found)
        {
            // The label is looked up in the merchant's own partition: another merchant's label id is simply not there.
            return Refusal.NotFound($"Label {labelId} of merchant {merchantId} does not exist.");
        }

        var label = found.Label;
        if (!LabelDocumentKinds.All.Contains(document))
        {
            return Refusal.NotFound($"A label has documents {string.Join(" and ", LabelDocumentKinds.All)}; '{document}' is not one.");
        }

        if (label.Status != LabelStatus.Ready)
        {
            return Refusal.Conflict(label.Status == LabelStatus.Failed
                ? $"Label {labelId} was not bought: {label.Error}"
                : $"Label {labelId} is not ready yet (TikTok is still making it): ask again in a few seconds, or read GET /api/merchants/{merchantId}/labels/{labelId}.");
        }

        if (label.Documents.FirstOrDefault(d => d.Kind == document) is not { } stored)
        {
            return Refusal.NotFound(document == LabelDocumentKinds.PackingSlip
                ? $"Label {labelId} has no packing slip: {label.PackingSlipNote ?? "the shop does not fetch packing slips (Settings.Labels.packingSlip)."}"
                : $"Label {labelId} has no {document}.");
        }

        var content = await documents.OpenAsync(stored.BlobName, cancellationToken);
        if (content is null)
        {
            return new Refusal(RefusalKind.NotFound, $"The {document} of label {labelId} is no longer stored.") { Title = "Gone" };
        }

        LabelDownloaded(logger, labelId, merchantId, document);
        var name = $"{document}-{label.OrderId}-{label.PackageId}.pdf";
        return Outcome<StreamBody>.Ok(new StreamBody("application/pdf", name, async (body, aborted) =>
        {
            await using (content)
            {
                await content.CopyToAsync(body, aborted);
            }
        }) { Length = stored.Bytes }) with { Headers = new Dictionary<string, string> { ["Cache-Control"] = "private, no-store" } };
    }

    /// <summary>
    /// POST /api/merchants/{merchantId}/orders/{orderId}/shipping-services: what TikTok would sell a label for, for this parcel
    /// (nothing is bought or stored). Units in a package TikTok made (UK/EU) have their carrier set by TikTok.
    /// </summary>
    public async Task<Outcome<ShippingQuote>> QuoteAsync(QuoteShippingServices request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (merchantId, orderId, parsed) = (request.MerchantId, request.OrderId, request.Parcel);
        var located = await FindOrderAsync(merchantId, orderId, parsed.ShopId, cancellationToken);
        if (located.Refusal is { } notFound)
        {
            return notFound;
        }

        var (shop, order) = (located.Shop!, located.Order!);
        var (lines, refusal) = LabelRules.Decide(order, parsed.Lines, labelId: "");
        if (refusal is not null)
        {
            return refusal.ToRefusal();
        }

        var reference = new TikTokShopRef(shop.ShopId, shop.Cipher);
        try
        {
            var tiktokOrder = (await tiktok.GetOrdersAsync(reference, [order.OrderId], cancellationToken)).FirstOrDefault(o => o.Id == order.OrderId);
            if (tiktokOrder is null)
            {
                return Refusal.NotFound($"TikTok does not know order {order.OrderId}.");
            }

            var (ids, shortage) = LabelRules.ChooseLineItems(tiktokOrder, lines);
            if (shortage is not null)
            {
                return Refusal.Conflict($"Order {order.OrderId} on TikTok has fewer units without a label than asked: {shortage}.");
            }

            var (flow, source, problem) = LabelRules.Flow(tiktokOrder, ids);
            if (problem is not null)
            {
                return Refusal.Unprocessable(problem);
            }

            if (flow != LabelFlow.CreatePackage)
            {
                return new TikTokMadePackageQuote(orderId, shop.ShopId, flow.ToString(), source, [],
                    "TikTok made the package and assigns its carrier (Seller Center shipping settings): the label comes with the handover, no service to choose.");
            }

            var offered = await tiktok.GetEligibleShippingServicesAsync(reference, order.OrderId, new TikTokShippingServiceQuery
            {
                OrderLineItemIds = ids,
                Weight = new TikTokWeight { Value = parsed.Weight.Value, Unit = parsed.Weight.Unit },
                Dimension = parsed.Dimensions is { } d ? new TikTokDimension { Length = d.Length, Width = d.Width, Height = d.Height, Unit = d.Unit } : null,
            }, cancellationToken);
            var settings = shop.Settings.Labels ?? new LabelSettings();
            var (chosen, choice, _) = LabelRules.ChooseService(offered.ShippingServices, parsed.ShippingServiceId, settings.DefaultShippingServiceId);
            return new ShippingServicesQuote(
                orderId, shop.ShopId, flow.ToString(), parsed.Weight, parsed.Dimensions,
                offered.ShippingServices.Select(s => new ShippingServiceView(
                    s.Id, s.Name, s.Price, s.Currency, s.EarliestDeliveryDays, s.LatestDeliveryDays, s.IsDefault, s.Id == settings.DefaultShippingServiceId,
                    new CarrierView(s.ShippingProviderId, s.ShippingProviderName))).ToList(),
                chosen is null ? null : new ServiceChoiceView(chosen.Id, chosen.Name, choice));
        }
        catch (TikTokException e) when (!e.IsRetryable)
        {
            return new Refusal(RefusalKind.Unprocessable, $"TikTok refused the shipping services of order {order.OrderId}: {e.Message}")
            {
                Title = "TikTok refused", Extensions = new Dictionary<string, object?> { ["tikTokCode"] = e.Code, ["tikTokRequestId"] = e.RequestId },
            };
        }
        catch (TikTokException e)
        {
            return Refusal.Unavailable($"TikTok did not answer in time: {e.Message}");
        }
    }

    private async Task<Outcome<LabelAnswer>> ReplayAsync(VersionedLabel earlier, string hash, CancellationToken cancellationToken)
    {
        if (earlier.Label.RequestHash != hash)
        {
            return Refusal.Conflict(
                $"Idempotency key '{earlier.Label.IdempotencyKey}' was used for a different label ({earlier.Label.LabelId}, order {earlier.Label.OrderId}). Use a new key for a new label.");
        }

        LabelReplayed(logger, earlier.Label.LabelId, earlier.Label.MerchantId, earlier.Label.Status);
        if (earlier.Label.Status == LabelStatus.Accepted && !earlier.Label.Queued && !(earlier.Label.LeaseUntil > time.GetUtcNow()))
        {
            // The first request stopped before it finished or queued the label: carry on now.
            return await RunAsync(earlier, replayed: true, cancellationToken);
        }

        return Answer(earlier.Label, replayed: true);
    }

    /// <summary>Buys the label now, within the inline timeout; otherwise queues it and answers 202.</summary>
    private async Task<Outcome<LabelAnswer>> RunAsync(VersionedLabel stored, bool replayed, CancellationToken cancellationToken)
    {
        using var inline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        inline.CancelAfter(options.Value.InlineTimeout);
        try
        {
            var done = await worker.ProcessAsync(stored.Label.MerchantId, stored.Label.LabelId, background: false, inline.Token);
            if (done is not null && done.Status != LabelStatus.Accepted)
            {
                return Answer(done, replayed);
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

        return Answer(current.Label, replayed);
    }

    /// <summary>
    /// A bought label is 201 (200 for a replay), one still being made 202, both with Location; a failed label is its
    /// stored refusal with the label, TikTok's code and request id and the support case as extra problem members.
    /// </summary>
    private static Outcome<LabelAnswer> Answer(Label label, bool replayed)
    {
        var location = LabelLocations.Of(label);
        var headers = replayed ? new Dictionary<string, string> { ["Idempotent-Replayed"] = "true", ["Location"] = location } : new Dictionary<string, string> { ["Location"] = location };
        var answer = new LabelAnswer(label.LabelId, label.Status.ToString(), location, replayed, LabelView.Of(label));
        return label.Status switch
        {
            LabelStatus.Failed => Outcome<LabelAnswer>.Refuse(new Refusal(
                LabelRefusals.KindOf(label.FailureStatus ?? 422), label.Error ?? "The label was not bought.")
            {
                Title = label.TikTokCode is null ? "Label not bought" : "TikTok refused the label",
                Extensions = new Dictionary<string, object?>
                {
                    ["labelId"] = label.LabelId, ["tikTokCode"] = label.TikTokCode, ["tikTokRequestId"] = label.TikTokRequestId, ["supportCaseId"] = label.SupportCaseId,
                    ["replayed"] = replayed, ["label"] = answer.Label,
                },
                Headers = headers,
            }),
            LabelStatus.Ready when replayed => Outcome<LabelAnswer>.Ok(answer) with { Headers = headers },
            LabelStatus.Ready => Outcome<LabelAnswer>.Created(answer, location) with { Headers = headers },
            _ => Outcome<LabelAnswer>.Accepted(answer, location) with { Headers = headers },
        };
    }

    private sealed record Located(ShopRecord? Shop, StoredOrder? Order, Refusal? Refusal);

    private async Task<Located> FindOrderAsync(string merchantId, string orderId, string? shopId, CancellationToken cancellationToken)
    {
        var merchantShops = await shops.ListByMerchantAsync(merchantId, cancellationToken);
        foreach (var shop in merchantShops.Where(s => shopId is null || s.ShopId == shopId))
        {
            if (await orders.GetAsync(shop.ShopId, orderId, cancellationToken) is { } found && found.Order.MerchantId == merchantId)
            {
                return shop.Status == ShopStatus.ReauthorizationRequired
                    ? new Located(null, null, Refusal.Conflict($"Shop {shop.ShopId} needs the seller to authorize the connector again before labels can be bought."))
                    : new Located(shop, found.Order, null);
            }
        }

        return new Located(null, null, Refusal.NotFound($"Order {orderId} does not exist for merchant {merchantId}."));
    }

    private async Task<LabelRefusal?> CheckCombinedAsync(string merchantId, StoredOrder main, IReadOnlyList<string> combineWith, string labelId, CancellationToken cancellationToken)
    {
        foreach (var otherId in combineWith)
        {
            var other = await orders.GetAsync(main.ShopId, otherId, cancellationToken);
            if (other is null || other.Order.MerchantId != merchantId)
            {
                return new LabelRefusal(404, "Not found", $"combineWith: order {otherId} does not exist in shop {main.ShopId} of merchant {merchantId}.");
            }

            if (LabelRules.DecideCombined(main, other.Order, labelId) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
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
