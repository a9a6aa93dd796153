using System.Security.Cryptography;
using Connector.Fulfilment;
using Connector.Messaging;
using Connector.Orders;
using Connector.Shops;
using Connector.Storage;
using Connector.Support;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Labels;

/// <summary>A label that cannot be had for a reason a retry does not change (the order was cancelled, TikTok refused, ...).</summary>
public sealed class LabelProblemException(string message, TikTokException? tikTok = null, int status = 422) : Exception(message, tikTok)
{
    public TikTokException? TikTok { get; } = tikTok;
    public int Status { get; } = status;
}

/// <summary>Another worker holds the label; look again after <see cref="Wait"/>.</summary>
public sealed class LabelBusyException(TimeSpan wait) : Exception($"The label is being bought by another worker; look again in {wait}.")
{
    public TimeSpan Wait { get; } = wait;
}

/// <summary>TikTok is not ready yet (the document is still being generated): the queue tries again later.</summary>
public sealed class LabelRetryException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Buys one accepted label on TikTok and stores it: re-reads the order(s) on TikTok (a cancellation since the request is
/// caught), picks the unit line items (kept before any call, so a retry uses the same units), then, by where the units
/// are: creates the package with the chosen service (US), ships the package TikTok made (UK/EU) after splitting the
/// units off or combining orders where asked, fetches the label and packing slip as PDF into blob storage, and records
/// the package on the order(s). Every step is checkpointed on the label with an ETag, and a step TikTok already did is
/// found on TikTok instead of being done twice, so a retried message never buys a second label. Run by the request
/// itself (answering at once when TikTok is quick) and by the queue worker for the rest.
/// </summary>
public sealed partial class LabelWorker(
    LabelStore labels,
    LabelDocuments documents,
    ShopRepository shops,
    OrderStore orders,
    OrderImporter importer,
    IOrderPullShops orderShops,
    ITikTokShopClient tiktok,
    ITikTokDocuments downloads,
    SupportCaseStore cases,
    MessageQueue queue,
    QueueNames queues,
    IOptions<LabelOptions> options,
    TimeProvider time,
    ILogger<LabelWorker> logger)
{
    /// <summary>Attempts before a label whose documents TikTok keeps "still generating" fails (with a support case).</summary>
    public const int MaxNotReadyAttempts = 10;

    /// <summary>TikTok's "try again later" codes of the document and package calls (generation still running, timeouts).</summary>
    private static readonly HashSet<long> NotReadyCodes = [11034037, 11034023, 21023022, 11001027, 21001003, 11006010, 21023034];

    /// <summary>The queue trigger: a busy label is looked at again later; retryable errors go back to the host (retry, then poison).</summary>
    public async Task HandleAsync(LabelMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await ProcessAsync(message.MerchantId, message.LabelId, background: true, cancellationToken);
        }
        catch (LabelBusyException busy)
        {
            await queue.SendAsync(queues.Label, message, cancellationToken, busy.Wait + TimeSpan.FromSeconds(5));
        }
        catch (LabelRetryException notReady)
        {
            // TikTok is still making the document: ask again after a pause, a bounded number of times.
            if (await labels.GetAsync(message.MerchantId, message.LabelId, cancellationToken) is { Label.Status: LabelStatus.Accepted } read && read.Label.Attempts >= MaxNotReadyAttempts)
            {
                await FailAsync(read, $"TikTok did not give the documents after {read.Label.Attempts} attempts: {notReady.Message}", notReady.InnerException as TikTokException, 502,
                    background: true, cancellationToken);
                return;
            }

            await queue.SendAsync(queues.Label, message, cancellationToken, options.Value.DocumentRetryDelay);
        }
    }

    /// <summary>Sends the label to the queue worker (the request could not finish it).</summary>
    public async Task<VersionedLabel> EnqueueAsync(VersionedLabel read, CancellationToken cancellationToken)
    {
        var delay = read.Label.LeaseUntil is { } until && until > time.GetUtcNow() ? until - time.GetUtcNow() : (TimeSpan?)null;
        await queue.SendAsync(queues.Label, new LabelMessage(read.Label.MerchantId, read.Label.LabelId), cancellationToken, delay);
        return await OptimisticConcurrency.RetryAsync(async attempt =>
        {
            var current = attempt == 1 ? read : await FreshAsync(read);
            return current.Label.Queued || current.Label.Status != LabelStatus.Accepted
                ? current
                : await labels.UpdateAsync(current, current.Label with { Queued = true, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        });
    }

    /// <summary>
    /// Buys the label if it is Accepted; answers it as stored afterwards (Ready or Failed), or throws
    /// <see cref="LabelBusyException"/> / a retryable exception when it has to wait.
    /// </summary>
    public async Task<Label?> ProcessAsync(string merchantId, string labelId, bool background, CancellationToken cancellationToken)
    {
        var read = await labels.GetAsync(merchantId, labelId, cancellationToken);
        if (read is null)
        {
            LabelMissing(logger, labelId, merchantId);
            return null;
        }

        if (read.Label.Status != LabelStatus.Accepted)
        {
            return read.Label;
        }

        var now = time.GetUtcNow();
        if (read.Label.LeaseUntil is { } held && held > now)
        {
            throw new LabelBusyException(held - now);
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["LabelId"] = labelId, ["ShopId"] = read.Label.ShopId, ["OrderId"] = read.Label.OrderId });
        var shop = await shops.GetAsync(read.Label.ShopId, cancellationToken);
        if (shop is null || shop.MerchantId != merchantId)
        {
            return (await FailAsync(read, $"Shop {read.Label.ShopId} is no longer connected to merchant {merchantId}.", null, 409, background, cancellationToken)).Label;
        }

        try
        {
            read = await labels.UpdateAsync(read, read.Label with { Attempts = read.Label.Attempts + 1, LeaseUntil = now + options.Value.Lease, UpdatedAt = now }, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            throw new LabelBusyException(TimeSpan.FromSeconds(5)); // someone else claimed it a moment ago
        }

        try
        {
            read = await BuyAsync(read, shop, cancellationToken);
            return read.Label;
        }
        catch (LabelProblemException problem)
        {
            return (await FailAsync(await FreshAsync(read), problem.Message, problem.TikTok, problem.Status, background, cancellationToken)).Label;
        }
        catch (TikTokException e) when (!e.IsRetryable && !IsNotReady(e))
        {
            var message = e.Kind == TikTokErrorKind.AuthorizationRevoked
                ? $"The seller's authorization of shop {shop.ShopId} is no longer valid: {e.Message}"
                : $"TikTok refused: {e.Message}";
            return (await FailAsync(await FreshAsync(read), message, e, 422, background, cancellationToken)).Label;
        }
        catch (Exception e) when (e is TikTokException or LabelRetryException or OperationCanceledException or Azure.RequestFailedException)
        {
            // Retryable (or the request's time ran out): free the label for the next attempt, keep what was checkpointed.
            await ReleaseLeaseAsync(read);
            LabelDeferred(logger, labelId, e.GetType().Name, e.Message);
            throw;
        }
    }

    private async Task<VersionedLabel> BuyAsync(VersionedLabel read, ShopRecord shop, CancellationToken cancellationToken)
    {
        var reference = new TikTokShopRef(shop.ShopId, shop.Cipher);
        await EnsureReservedAsync(read.Label, cancellationToken);

        var tiktokOrders = await FetchOrdersAsync(reference, read.Label, cancellationToken);
        var main = tiktokOrders[read.Label.OrderId];
        if (read.Label.PackageId is null)
        {
            read = await ChooseUnitsAsync(read, tiktokOrders, cancellationToken);
            read = await PackageAsync(read, shop, reference, tiktokOrders, cancellationToken);
            tiktokOrders = await FetchOrdersAsync(reference, read.Label, cancellationToken, checkStatus: false);
            main = tiktokOrders[read.Label.OrderId];
        }

        var label = read.Label;
        var packageId = label.PackageId!;
        var packageItems = tiktokOrders.Values.SelectMany(o => o.LineItems).Where(l => l.PackageId == packageId).ToList();
        if (label.Flow != LabelFlow.CreatePackage && packageItems.Count > 0 && packageItems.All(l => l.PackageStatus == TikTokPackageStatus.ToFulfill))
        {
            read = await ArrangeHandoverAsync(read, shop, reference, cancellationToken);
        }
        else if (read.Label.Handover is null)
        {
            read = await HandoverOptionsAsync(read, reference, cancellationToken);
        }

        if (read.Label.Service?.ShippingProviderName is null || read.Label.TrackingNumber is null)
        {
            read = await PackageDetailAsync(read, reference, cancellationToken);
        }

        read = await DocumentsAsync(read, reference, cancellationToken);
        await RecordOnOrdersAsync(read.Label, tiktokOrders, cancellationToken);
        await ReimportAsync(shop, reference, read.Label, cancellationToken);

        var ready = read.Label with { Status = LabelStatus.Ready, LeaseUntil = null, Error = null, UpdatedAt = time.GetUtcNow() };
        read = await labels.UpdateAsync(read, ready, cancellationToken);
        LabelReady(logger, ready.LabelId, ready.ShopId, ready.OrderId, ready.Flow, ready.PackageId, ready.TrackingNumber, ready.Service?.ShippingProviderName);
        return read;
    }

    /// <summary>The label's orders on TikTok; a cancelled one, or one not (or no longer) shippable with a TikTok label, is a problem.</summary>
    private async Task<Dictionary<string, TikTokOrder>> FetchOrdersAsync(TikTokShopRef reference, Label label, CancellationToken cancellationToken, bool checkStatus = true)
    {
        var fetched = (await tiktok.GetOrdersAsync(reference, label.AllOrderIds, cancellationToken)).ToDictionary(o => o.Id, StringComparer.Ordinal);
        foreach (var orderId in label.AllOrderIds)
        {
            if (!fetched.TryGetValue(orderId, out var order))
            {
                throw new LabelProblemException($"TikTok does not know order {orderId} of shop {label.ShopId}.", status: 404);
            }

            if (order.Status == TikTokOrderStatus.Cancelled)
            {
                var reason = string.IsNullOrEmpty(order.CancelReason) ? "" : $" ({order.CancelReason})";
                throw new LabelProblemException($"Order {order.Id} was cancelled on TikTok{reason} after the label was asked for: no label was bought. Do not ship it.", status: 409);
            }

            if (!string.Equals(order.ShippingType, TikTokShippingType.TikTok, StringComparison.OrdinalIgnoreCase))
            {
                throw new LabelProblemException($"Order {order.Id} is shipped by the seller on TikTok (shipping_type {order.ShippingType}): TikTok sells no label for it.", status: 409);
            }

            if (checkStatus && label.PackageId is null && !LabelRules.LabelStatuses.Contains(order.Status))
            {
                throw new LabelProblemException($"Order {order.Id} is {order.Status} on TikTok; labels are bought while it awaits shipment.", status: 409);
            }
        }

        return fetched;
    }

    /// <summary>Picks TikTok's unit line items once and keeps them on the label before anything is bought.</summary>
    private async Task<VersionedLabel> ChooseUnitsAsync(VersionedLabel read, Dictionary<string, TikTokOrder> tiktokOrders, CancellationToken cancellationToken)
    {
        var label = read.Label;
        if (label.LineItemIds.Count > 0)
        {
            return read;
        }

        var perOrder = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var (ids, shortage) = LabelRules.ChooseLineItems(tiktokOrders[label.OrderId], label.Lines);
        if (shortage is not null)
        {
            throw new LabelProblemException($"Order {label.OrderId} on TikTok has fewer units without a label than asked: {shortage}. They may have been shipped in Seller Center.", status: 409);
        }

        perOrder[label.OrderId] = ids;
        foreach (var other in label.CombinedOrderIds)
        {
            var items = tiktokOrders[other].LineItems.Where(LabelRules.IsFree).Select(l => l.Id).Order(StringComparer.Ordinal).ToList();
            if (items.Count == 0 || items.Count != tiktokOrders[other].LineItems.Count(l => !string.Equals(l.DisplayStatus, TikTokOrderStatus.Cancelled, StringComparison.OrdinalIgnoreCase)))
            {
                throw new LabelProblemException($"combineWith: order {other} on TikTok is not whole any more (some units have a package): it cannot be combined.", status: 409);
            }

            perOrder[other] = items;
        }

        return await labels.UpdateAsync(read, label with { LineItemIds = ids, OrderLineItemIds = perOrder, UpdatedAt = time.GetUtcNow() }, cancellationToken);
    }

    /// <summary>Gets the units into a package on TikTok: adopts the one an earlier attempt made, or creates, splits or combines.</summary>
    private async Task<VersionedLabel> PackageAsync(VersionedLabel read, ShopRecord shop, TikTokShopRef reference, Dictionary<string, TikTokOrder> tiktokOrders,
        CancellationToken cancellationToken)
    {
        var label = read.Label;
        var allIds = label.OrderLineItemIds.Values.SelectMany(i => i).ToHashSet(StringComparer.Ordinal);
        var items = tiktokOrders.Values.SelectMany(o => o.LineItems).Where(l => allIds.Contains(l.Id)).ToList();

        // An earlier attempt got as far as TikTok: every unit is in one shipped package already.
        var shipped = items.Select(l => l.PackageId).Distinct().ToList();
        if (shipped is [{ Length: > 0 } existing] && items.All(l => LabelRules.ShippedPackageStatuses.Contains(l.PackageStatus ?? "")))
        {
            await EnsureNotAnotherLabelsAsync(label, existing, cancellationToken);
            LabelAdopted(logger, label.LabelId, existing);
            return await labels.UpdateAsync(read, label with { PackageId = existing, Flow = label.Flow ?? LabelFlow.CreatePackage, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        }

        if (items.Any(l => !LabelRules.IsFree(l)))
        {
            throw new LabelProblemException($"Some units of order {label.OrderId} are in a package TikTok already shipped: they are never shipped twice. Ask again for the units left.", status: 409);
        }

        if (label.CombinedOrderIds.Count > 0)
        {
            return await CombineAsync(read, reference, tiktokOrders, cancellationToken);
        }

        var main = tiktokOrders[label.OrderId];
        var (flow, source, problem) = LabelRules.Flow(main, label.LineItemIds);
        if (problem is not null)
        {
            throw new LabelProblemException(problem, status: 422);
        }

        switch (flow)
        {
            case LabelFlow.ShipPackage:
                return await labels.UpdateAsync(read, label with { Flow = flow, PackageId = source, SourcePackageId = source, UpdatedAt = time.GetUtcNow() }, cancellationToken);

            case LabelFlow.SplitPackage:
                var split = await tiktok.SplitOrderAsync(reference, main.Id, [new TikTokSplittableGroup { Id = label.LabelId, OrderLineItemIds = label.LineItemIds }], cancellationToken);
                var created = split.FirstOrDefault(p => p.SplittableGroupId == label.LabelId) ?? split.FirstOrDefault()
                              ?? throw new LabelProblemException($"TikTok split order {main.Id} but named no new package.");
                LabelSplit(logger, label.LabelId, main.Id, source, created.Id);
                return await labels.UpdateAsync(read, label with { Flow = flow, PackageId = created.Id, SourcePackageId = source, UpdatedAt = time.GetUtcNow() }, cancellationToken);

            default:
                var settings = shop.Settings.Labels ?? new LabelSettings();
                var query = new TikTokShippingServiceQuery { OrderLineItemIds = label.LineItemIds, Weight = Weight(label.Weight), Dimension = Dimension(label.Dimensions) };
                var offered = await tiktok.GetEligibleShippingServicesAsync(reference, main.Id, query, cancellationToken);
                var (service, choice, why) = LabelRules.ChooseService(offered.ShippingServices, label.RequestedServiceId, settings.DefaultShippingServiceId);
                if (service is null)
                {
                    throw new LabelProblemException(why!, status: 422);
                }

                var package = await tiktok.CreatePackageAsync(reference, new TikTokCreatePackageRequest
                {
                    OrderId = main.Id, OrderLineItemIds = label.LineItemIds, ShippingServiceId = service.Id, Weight = query.Weight, Dimension = query.Dimension,
                }, cancellationToken);
                var bought = package.ShippingServiceInfo is { } info
                    ? LabelRules.Service(info with { IsDefault = service.IsDefault, Price = info.Price ?? service.Price, Currency = info.Currency ?? service.Currency }, choice)
                    : LabelRules.Service(service, choice);
                LabelPackageCreated(logger, label.LabelId, main.Id, package.PackageId, bought.Name, choice);
                return await labels.UpdateAsync(read, label with { Flow = LabelFlow.CreatePackage, PackageId = package.PackageId, Service = bought, UpdatedAt = time.GetUtcNow() },
                    cancellationToken);
        }
    }

    /// <summary>TikTok's combine: the combinable package holding every order of the label, combined, then shipped like any package TikTok made.</summary>
    private async Task<VersionedLabel> CombineAsync(VersionedLabel read, TikTokShopRef reference, Dictionary<string, TikTokOrder> tiktokOrders, CancellationToken cancellationToken)
    {
        var label = read.Label;
        var wanted = label.AllOrderIds.ToHashSet(StringComparer.Ordinal);

        // A retry after the combine: every order's units are in one package TikTok made already.
        var current = tiktokOrders.Values.SelectMany(o => o.LineItems).Where(l => label.OrderLineItemIds.Values.Any(ids => ids.Contains(l.Id))).Select(l => l.PackageId).Distinct().ToList();
        if (current is [{ Length: > 0 } together] && tiktokOrders.Values.All(o => o.LineItems.Any(l => l.PackageId == together)))
        {
            return await labels.UpdateAsync(read, label with { Flow = LabelFlow.CombinePackages, PackageId = together, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        }

        TikTokCombinablePackage? match = null;
        string? token = null;
        do
        {
            var page = await tiktok.SearchCombinablePackagesAsync(reference, TikTokShopClient.MaxCombinablePageSize, token, cancellationToken);
            match = page.CombinablePackages.FirstOrDefault(p => wanted.IsSubsetOf(p.OrderIds));
            token = string.IsNullOrEmpty(page.NextPageToken) ? null : page.NextPageToken;
        }
        while (match is null && token is not null);

        if (match is null)
        {
            throw new LabelProblemException(
                $"TikTok does not allow orders {string.Join(", ", wanted.Order(StringComparer.Ordinal))} to be combined (not in one of TikTok's combinable packages: same buyer, "
                + "address and warehouse, none shipped). Ask for a label per order.", status: 422);
        }

        var result = await tiktok.CombinePackagesAsync(reference, [new TikTokCombinablePackage { Id = match.Id, OrderIds = label.AllOrderIds.ToList() }], cancellationToken);
        if (result.Errors.Count > 0 && result.Packages.Count == 0)
        {
            var error = result.Errors[0];
            throw new LabelProblemException($"TikTok did not combine the orders: {error.Message} (code {error.Code}, package {error.Detail?.PackageId}).", status: 422);
        }

        var combined = result.Packages.FirstOrDefault(p => wanted.IsSubsetOf(p.OrderIds)) ?? result.Packages[0];
        LabelCombined(logger, label.LabelId, string.Join(",", wanted), combined.Id);
        return await labels.UpdateAsync(read, label with { Flow = LabelFlow.CombinePackages, PackageId = combined.Id, SourcePackageId = match.Id, UpdatedAt = time.GetUtcNow() },
            cancellationToken);
    }

    /// <summary>Ship-package for a package TikTok made: the handover the request or the shop asks for, where TikTok allows it.</summary>
    private async Task<VersionedLabel> ArrangeHandoverAsync(VersionedLabel read, ShopRecord shop, TikTokShopRef reference, CancellationToken cancellationToken)
    {
        var label = read.Label;
        var slots = await tiktok.GetHandoverTimeSlotsAsync(reference, label.PackageId!, cancellationToken);
        var settings = shop.Settings.Labels ?? new LabelSettings();
        var (method, slot, problem) = LabelRules.ChooseHandover(slots, label.RequestedHandoverMethod, settings.HandoverMethod, time.GetUtcNow());
        if (method is null)
        {
            throw new LabelProblemException(problem!, status: 422);
        }

        await tiktok.ShipPackageAsync(reference, label.PackageId!, new TikTokPackageShipment
        {
            HandoverMethod = method,
            PickupSlot = slot is null ? null : new TikTokSlot { StartTime = slot.StartTime, EndTime = slot.EndTime },
        }, cancellationToken);
        var chosen = slot is null ? null : new PickupSlot(DateTimeOffset.FromUnixTimeSeconds(slot.StartTime), DateTimeOffset.FromUnixTimeSeconds(slot.EndTime), true);
        return await labels.UpdateAsync(read, label with { Handover = LabelRules.Options(slots), HandoverMethod = method, PickupSlot = chosen, UpdatedAt = time.GetUtcNow() },
            cancellationToken);
    }

    /// <summary>The handover options of a package whose label was bought (shown to the warehouse; not needed to buy it).</summary>
    private async Task<VersionedLabel> HandoverOptionsAsync(VersionedLabel read, TikTokShopRef reference, CancellationToken cancellationToken)
    {
        try
        {
            var slots = await tiktok.GetHandoverTimeSlotsAsync(reference, read.Label.PackageId!, cancellationToken);
            return await labels.UpdateAsync(read, read.Label with { Handover = LabelRules.Options(slots), UpdatedAt = time.GetUtcNow() }, cancellationToken);
        }
        catch (TikTokException e) when (!e.IsRetryable)
        {
            HandoverUnknown(logger, read.Label.LabelId, e.Message);
            return read;
        }
    }

    /// <summary>The carrier and tracking number of the package, from TikTok's package detail.</summary>
    private async Task<VersionedLabel> PackageDetailAsync(VersionedLabel read, TikTokShopRef reference, CancellationToken cancellationToken)
    {
        var detail = await tiktok.GetPackageDetailAsync(reference, read.Label.PackageId!, cancellationToken);
        var label = read.Label;
        var service = label.Service is { } known
            ? known with { ShippingProviderId = known.ShippingProviderId ?? detail.ShippingProviderId, ShippingProviderName = known.ShippingProviderName ?? detail.ShippingProviderName }
            : new LabelService(detail.DeliveryOptionId ?? "", detail.DeliveryOptionName, null, null, null, null, detail.ShippingProviderId, detail.ShippingProviderName, ServiceChoices.TikTok);
        var tracking = string.IsNullOrEmpty(detail.TrackingNumber) ? label.TrackingNumber : detail.TrackingNumber;
        return await labels.UpdateAsync(read, label with { Service = service, TrackingNumber = tracking, UpdatedAt = time.GetUtcNow() }, cancellationToken);
    }

    /// <summary>The shipping label (required) and the packing slip (where TikTok offers it) as PDF, into blob storage.</summary>
    private async Task<VersionedLabel> DocumentsAsync(VersionedLabel read, TikTokShopRef reference, CancellationToken cancellationToken)
    {
        if (read.Label.Documents.All(d => d.Kind != LabelDocumentKinds.Label))
        {
            read = await DocumentAsync(read, reference, LabelDocumentKinds.Label, TikTokDocumentTypes.ShippingLabel, cancellationToken);
        }

        if (read.Label.PackingSlip && read.Label.PackingSlipNote is null && read.Label.Documents.All(d => d.Kind != LabelDocumentKinds.PackingSlip))
        {
            try
            {
                read = await DocumentAsync(read, reference, LabelDocumentKinds.PackingSlip, TikTokDocumentTypes.PackingSlip, cancellationToken);
            }
            catch (TikTokException e) when (!IsNotReady(e) && !e.IsRetryable)
            {
                // Not every market offers a packing slip: the label is what matters.
                read = await labels.UpdateAsync(read, read.Label with { PackingSlipNote = $"TikTok gave no packing slip: {e.Message}", UpdatedAt = time.GetUtcNow() }, cancellationToken);
            }
        }

        return read;
    }

    private async Task<VersionedLabel> DocumentAsync(VersionedLabel read, TikTokShopRef reference, string kind, string documentType, CancellationToken cancellationToken)
    {
        var label = read.Label;
        TikTokShippingDocument document;
        byte[] pdf;
        try
        {
            document = await tiktok.GetShippingDocumentAsync(reference, label.PackageId!, new TikTokDocumentRequest(documentType, label.DocumentSize, "PDF"), cancellationToken);
            pdf = await downloads.DownloadAsync(new Uri(document.DocUrl, UriKind.Absolute), cancellationToken);
        }
        catch (TikTokException e) when (IsNotReady(e))
        {
            throw new LabelRetryException($"TikTok is still making the {kind} of package {label.PackageId}: {e.Message}", e);
        }
        catch (UriFormatException e)
        {
            throw new LabelProblemException($"TikTok answered a document URL for package {label.PackageId} that is not a URL ({e.Message}).", status: 502);
        }

        if (pdf.Length < 5 || pdf[0] != '%' || pdf[1] != 'P' || pdf[2] != 'D' || pdf[3] != 'F' || pdf[4] != '-')
        {
            throw new LabelRetryException($"The {kind} TikTok gave for package {label.PackageId} is not a PDF ({pdf.Length} bytes).");
        }

        var blob = LabelDocuments.BlobName(label.MerchantId, label.LabelId, kind);
        await documents.SaveAsync(blob, pdf, cancellationToken);
        var stored = new LabelDocument(kind, blob, pdf.Length, Convert.ToHexStringLower(SHA256.HashData(pdf)), documentType, label.DocumentSize, time.GetUtcNow());
        var tracking = string.IsNullOrEmpty(document.TrackingNumber) ? label.TrackingNumber : document.TrackingNumber;
        LabelDocumentStored(logger, label.LabelId, kind, pdf.Length);
        return await labels.UpdateAsync(read, label with
        {
            Documents = label.Documents.Where(d => d.Kind != kind).Append(stored).ToArray(), TrackingNumber = tracking, UpdatedAt = time.GetUtcNow(),
        }, cancellationToken);
    }

    /// <summary>Reserves the label's units on its orders if the request could not (it stopped in between); another label holding them is a problem.</summary>
    private async Task EnsureReservedAsync(Label label, CancellationToken cancellationToken)
    {
        var refusal = await LabelReservations.ReserveAsync(orders, label, time.GetUtcNow(), cancellationToken);
        if (refusal is not null)
        {
            throw new LabelProblemException(refusal.Detail, status: refusal.Status);
        }
    }

    private async Task EnsureNotAnotherLabelsAsync(Label label, string packageId, CancellationToken cancellationToken)
    {
        var stored = await orders.GetAsync(label.ShopId, label.OrderId, cancellationToken);
        if (stored?.Order.Packages.FirstOrDefault(p => p.PackageId == packageId && p.ShipmentId != label.LabelId && !p.IsCancelled) is { } other)
        {
            throw new LabelProblemException($"The units are in package {packageId} already, made by {other.ShipmentId}: they are never shipped twice.", status: 409);
        }
    }

    private Task RecordOnOrdersAsync(Label label, Dictionary<string, TikTokOrder> tiktokOrders, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async _ =>
        {
            var stored = await orders.GetManyAsync(label.ShopId, label.AllOrderIds, cancellationToken);
            var changed = new List<VersionedOrder>();
            foreach (var (orderId, ids) in label.OrderLineItemIds)
            {
                if (!stored.TryGetValue(orderId, out var order))
                {
                    continue;
                }

                var units = orderId == label.OrderId && label.CombinedOrderIds.Count == 0 ? label.Lines : LabelRules.UnitsOf(tiktokOrders[orderId], ids);
                if (LabelRules.Complete(order.Order, label, units, ids, time.GetUtcNow()) is { } updated)
                {
                    changed.Add(new VersionedOrder(updated, order.ETag));
                }
            }

            // One transaction: the orders of a parcel share the shop's partition. A race with the pull or a webhook reads again.
            await orders.SaveAsync(label.ShopId, changed, cancellationToken);
        });

    /// <summary>Stores TikTok's new version of the orders (AWAITING_COLLECTION, the package on the line items) as the pull would.</summary>
    private async Task ReimportAsync(ShopRecord shop, TikTokShopRef reference, Label label, CancellationToken cancellationToken)
    {
        try
        {
            var fresh = await tiktok.GetOrdersAsync(reference, label.AllOrderIds, cancellationToken);
            var result = await importer.ImportAsync(new OrderShopContext(shop.ShopId, shop.MerchantId, shop.Settings.Orders.ToImportSettings()), fresh, OrderSources.Label, cancellationToken);
            foreach (var cancelled in result.CancelledAfterRelease)
            {
                await orderShops.CancelledAfterReleaseAsync(cancelled, cancellationToken);
            }
        }
        catch (TikTokException e)
        {
            // The label is bought and recorded; the next pull or webhook brings TikTok's status.
            ReimportSkipped(logger, label.LabelId, e.Message);
        }
    }

    private async Task<VersionedLabel> FailAsync(VersionedLabel read, string error, TikTokException? tikTok, int status, bool background, CancellationToken cancellationToken)
    {
        var label = read.Label;
        string? caseId = null;
        if (background)
        {
            var opened = await cases.OpenAsync(SupportCaseKind.LabelFailed, "label-failed:" + label.MerchantId + ":" + label.LabelId,
                $"Label {label.LabelId} (order {string.Join(", ", label.AllOrderIds)}, shop {label.ShopId}) was not bought from TikTok: {error}",
                label.ShopId, label.MerchantId, authorizationId: null, cancellationToken);
            caseId = opened.CaseId;
        }

        await LabelReservations.ReleaseAsync(orders, label, time.GetUtcNow(), cancellationToken);
        var failed = label with
        {
            Status = LabelStatus.Failed, Error = error, FailureStatus = status, TikTokCode = tikTok?.Code, TikTokRequestId = tikTok?.RequestId, SupportCaseId = caseId,
            LeaseUntil = null, UpdatedAt = time.GetUtcNow(),
        };
        LabelFailed(logger, label.LabelId, label.ShopId, label.OrderId, error, tikTok?.RequestId);
        return await OptimisticConcurrency.RetryAsync(async attempt => await labels.UpdateAsync(attempt == 1 ? read : await FreshAsync(read), failed, cancellationToken));
    }

    private async Task ReleaseLeaseAsync(VersionedLabel read)
    {
        try
        {
            var fresh = await FreshAsync(read);
            if (fresh.Label.Status == LabelStatus.Accepted)
            {
                await labels.UpdateAsync(fresh, fresh.Label with { LeaseUntil = null, UpdatedAt = time.GetUtcNow() }, CancellationToken.None);
            }
        }
        catch (Exception e) when (e is ConcurrencyConflictException or Azure.RequestFailedException)
        {
            // The lease runs out on its own.
        }
    }

    private async Task<VersionedLabel> FreshAsync(VersionedLabel read) =>
        await labels.GetAsync(read.Label.MerchantId, read.Label.LabelId, CancellationToken.None) ?? read;

    private static bool IsNotReady(TikTokException e) => e.Code is { } code && NotReadyCodes.Contains(code);

    private static TikTokWeight Weight(ParcelWeight weight) => new() { Value = weight.Value, Unit = weight.Unit };

    private static TikTokDimension? Dimension(ParcelDimensions? d) => d is null ? null : new TikTokDimension { Length = d.Length, Width = d.Width, Height = d.Height, Unit = d.Unit };

    [LoggerMessage(EventId = 4801, Level = LogLevel.Warning, Message = "Label {LabelId} of merchant {MerchantId} does not exist: message dropped")]
    private static partial void LabelMissing(ILogger logger, string labelId, string merchantId);

    [LoggerMessage(EventId = 4802, Level = LogLevel.Information,
        Message = "Label {LabelId} ready for shop {ShopId}, order {OrderId}: {Flow}, package {PackageId}, tracking {TrackingNumber}, carrier {Carrier}")]
    private static partial void LabelReady(ILogger logger, string labelId, string shopId, string orderId, LabelFlow? flow, string? packageId, string? trackingNumber, string? carrier);

    [LoggerMessage(EventId = 4803, Level = LogLevel.Warning, Message = "Label {LabelId} failed for shop {ShopId}, order {OrderId}: {Error} (TikTok request {RequestId})")]
    private static partial void LabelFailed(ILogger logger, string labelId, string shopId, string orderId, string error, string? requestId);

    [LoggerMessage(EventId = 4804, Level = LogLevel.Information, Message = "Label {LabelId}: not finished now ({Kind}: {Reason}); the queue worker tries again")]
    private static partial void LabelDeferred(ILogger logger, string labelId, string kind, string reason);

    [LoggerMessage(EventId = 4805, Level = LogLevel.Information, Message = "Label {LabelId}: TikTok already holds the units in package {PackageId} (an earlier attempt); no second package")]
    private static partial void LabelAdopted(ILogger logger, string labelId, string packageId);

    [LoggerMessage(EventId = 4806, Level = LogLevel.Information, Message = "Label {LabelId}: order {OrderId} split from package {Source} into {PackageId}")]
    private static partial void LabelSplit(ILogger logger, string labelId, string orderId, string? source, string packageId);

    [LoggerMessage(EventId = 4807, Level = LogLevel.Information, Message = "Label {LabelId}: orders {OrderIds} combined into package {PackageId}")]
    private static partial void LabelCombined(ILogger logger, string labelId, string orderIds, string packageId);

    [LoggerMessage(EventId = 4808, Level = LogLevel.Information, Message = "Label {LabelId}: order {OrderId} package {PackageId} created with service {Service} ({Choice})")]
    private static partial void LabelPackageCreated(ILogger logger, string labelId, string orderId, string packageId, string? service, string choice);

    [LoggerMessage(EventId = 4809, Level = LogLevel.Information, Message = "Label {LabelId}: {Kind} stored ({Bytes} bytes)")]
    private static partial void LabelDocumentStored(ILogger logger, string labelId, string kind, int bytes);

    [LoggerMessage(EventId = 4810, Level = LogLevel.Information, Message = "Label {LabelId}: handover options unknown ({Reason})")]
    private static partial void HandoverUnknown(ILogger logger, string labelId, string reason);

    [LoggerMessage(EventId = 4811, Level = LogLevel.Information, Message = "Label {LabelId}: TikTok's new order status not stored now ({Reason}); the pull brings it")]
    private static partial void ReimportSkipped(ILogger logger, string labelId, string reason);
}
