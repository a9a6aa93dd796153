using System.Collections.Concurrent;
using Azure;
using Connector.Inventory;
using Connector.Messaging;
using Connector.Runs;
using Connector.Shops;
using Connector.Storage;
using Connector.TikTok;
using Connector.TikTok.Api;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Listings;

/// <summary>What one listings run did (also in its run record).</summary>
public sealed record ListingPushResult(RunOutcome Outcome, IReadOnlyDictionary<string, long> Counts, string? Reason = null);

/// <summary>
/// The listings worker (queue <c>%ListingsQueue%</c>): one shop at a time (lease), it looks at the catalog products marked
/// pending for the shop, in catalog order. Each goes through its profile and TikTok's and the category's rules before
/// any call; then: created (images uploaded once, TikTok's daily limit taken in order, the rest waiting for the next
/// day), updated (only the changed fields the profile syncs: prices through the price update, the rest through a partial
/// edit), activated / deactivated / deleted (20 per call) per the shop's auto switches. Listing waits while a blocking
/// prerequisite is missing. Nightly it also checks the prerequisites and reads every listed product's status.
/// </summary>
public sealed partial class ListingPushHandler(
    ShopRepository shops,
    CatalogStore catalog,
    ProfileStore profiles,
    ListingStore listings,
    TikTokCatalog tiktokCatalog,
    ListingImages images,
    ITikTokListingClient tiktok,
    ITikTokShopClient shopClient,
    ListingPrerequisites prerequisites,
    ListingStatusReader statusReader,
    InventoryScheduling inventory,
    MessageQueue messages,
    QueueNames queues,
    RunStore runs,
    ListingClock clock,
    TimeProvider time,
    IOptions<ListingOptions> options,
    ILogger<ListingPushHandler> logger)
{
    /// <summary>TikTok's code when the shop's product listing limit is reached (create / activate).</summary>
    public const long ListingLimitCode = 12052093;

    public const string RunKind = RunKinds.ListingPush;

    public async Task<ListingPushResult> HandleAsync(ListingWorkMessage message, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ShopId"] = message.ShopId });
        var shop = await shops.GetAsync(message.ShopId, cancellationToken);
        if (shop is null || shop.Status != ShopStatus.Active)
        {
            return Skipped(message.ShopId, shop is null ? "unknown shop" : $"the shop is {shop.Status}");
        }

        if (message.Work is ListingWork.Nightly or ListingWork.Activation)
        {
            await prerequisites.RefreshAsync(shop, cancellationToken);
        }

        if (shop.Settings.Listings is not { Enabled: true } settings)
        {
            return Skipped(shop.ShopId, "listing is off for the shop");
        }

        await using var lease = await listings.TryLeaseAsync(shop.ShopId, time.GetUtcNow(), time.GetUtcNow() + options.Value.Lease, cancellationToken);
        if (lease is null)
        {
            await messages.SendAsync(queues.Listings, message, cancellationToken, TimeSpan.FromSeconds(30));
            return Skipped(shop.ShopId, "another listings run holds the shop; looking again in 30 s");
        }

        var run = RunRecord.Start(shop.ShopId, RunKind, message.Trigger, time.GetUtcNow());
        return await runs.RecordAsync(run, async () =>
        {
            var counts = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
            var details = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            try
            {
                if (message.Work == ListingWork.Nightly)
                {
                    var read = await statusReader.ReadAsync(shop, cancellationToken);
                    counts["statusesRead"] = read.Read;
                    counts["statusesChanged"] = read.Changed;
                }

                var outcome = await PushAsync(shop, settings, message.All, counts, details, cancellationToken);
                LogRun(shop.ShopId, outcome, string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}")));
                return (new ListingPushResult(outcome, counts.ToDictionary(), details.GetValueOrDefault("summary")),
                    run.Succeeded(time.GetUtcNow(), counts.ToDictionary(), details.ToDictionary()) with { Outcome = outcome });
            }
            catch (TikTokException e) when (e.Kind == TikTokErrorKind.AuthorizationRevoked)
            {
                // Retrying cannot help: the token refresh marks the shop ReauthorizationRequired.
                return (new ListingPushResult(RunOutcome.Failed, counts.ToDictionary(), e.Message),
                    run.Failed(e, time.GetUtcNow()) with { Counts = counts.ToDictionary(), Details = details.ToDictionary() });
            }
        }, time, cancellationToken);
    }

    private ListingPushResult Skipped(string shopId, string reason)
    {
        LogSkipped(shopId, reason);
        return new ListingPushResult(RunOutcome.Skipped, new Dictionary<string, long>(), reason);
    }

    /// <summary>One pending product: what the run decided and the listing as it will be written.</summary>
    private sealed class Item
    {
        public required string ProductId { get; init; }
        public required ListingRecord Record { get; set; }
        public ETag ETag { get; set; }
        public StoredCatalogProduct? Catalog { get; init; }
        public MappedProduct? Mapped { get; set; }
        public ListingProfile? Profile { get; set; }
        public bool Create { get; set; }
        public IReadOnlyList<string> Changes { get; set; } = [];
        public string? Bulk { get; set; }
        public bool StayPending { get; set; }
        public Func<ListingRecord, ListingRecord>? Apply { get; set; }

        /// <summary>Saved as soon as TikTok answered the create, so a worker dying later in the run cannot create it twice.</summary>
        public bool Saved { get; set; }
    }

    private async Task<RunOutcome> PushAsync(ShopRecord shop, ListingSettings settings, bool all, ConcurrentDictionary<string, long> counts,
        ConcurrentDictionary<string, string> details, CancellationToken cancellationToken)
    {
        var settingsPrint = CatalogJson.Fingerprint(settings);
        if (all || await listings.SettingsFingerprintAsync(shop.ShopId, cancellationToken) != settingsPrint)
        {
            await listings.MarkPendingAsync(shop.ShopId, shop.MerchantId, await catalog.ListIdsAsync(shop.MerchantId, cancellationToken), cancellationToken);
        }

        var readAt = DateTimeOffset.UtcNow;
        var pending = await listings.PendingAsync(shop.ShopId, cancellationToken);
        counts["pending"] = pending.Count;
        if (pending.Count == 0)
        {
            await listings.SaveSettingsFingerprintAsync(shop.ShopId, settingsPrint, cancellationToken);
            details["summary"] = "nothing changed";
            return RunOutcome.Succeeded;
        }

        var profileList = await profiles.ListAsync(shop.MerchantId, cancellationToken);
        var ready = await prerequisites.CurrentAsync(shop, cancellationToken);
        var region = ListingRegion.For(shop.Region);
        details["prerequisites"] = ready.Ready ? "ready" : ListingPrerequisites.Describe(ready);

        // Updates and creates, creates taking TikTok's daily limit in catalog order.
        var day = clock.Today;
        var limit = settings.DailyCreateLimit;
        var dayFull = false;
        var warehouse = new Lazy<Task<string>>(() => DefaultWarehouseAsync(shop, cancellationToken));
        var gate = new SemaphoreSlim(Math.Max(1, options.Value.ProductsInParallel));
        var running = new List<Task>();
        var calls = new CallTally();

        // A batch at a time (catalog order), so a run of 10,000 products holds a few hundred in memory, not all of them.
        foreach (var batch in pending.Chunk(Math.Max(1, options.Value.PlanBatch)))
        {
            var products = await catalog.GetManyAsync(shop.MerchantId, batch.Select(p => p.ProductId), cancellationToken);
            var records = new ConcurrentDictionary<string, (ListingRecord?, ETag)>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (p, ct) =>
                records[p.ProductId] = await listings.GetAsync(shop.ShopId, p.ProductId, ct));
            var items = new List<Item>();
            foreach (var (productId, sequence) in batch)
            {
                var (stored, etag) = records[productId];
                var record = (stored ?? new ListingRecord { ShopId = shop.ShopId, ProductId = productId, MerchantId = shop.MerchantId }) with { Sequence = sequence };
                var item = new Item { ProductId = productId, Record = record, ETag = etag, Catalog = products.GetValueOrDefault(productId) };
                await PlanAsync(shop, settings, item, profileList, ready, counts, cancellationToken);
                items.Add(item);
            }

            var wanted = items.Count(i => i.Create);
            var granted = wanted == 0 || Volatile.Read(ref dayFull) ? 0 : await listings.TakeCreatesAsync(shop.ShopId, day, limit, wanted, cancellationToken);
            await WriteCreatesSentAsync(shop, items.Where(i => i.Create).Take(granted).ToList(), cancellationToken);
            var createIndex = 0;
            foreach (var item in items.Where(i => i.Create || i.Changes.Count > 0))
            {
                if (item.Create)
                {
                    var mine = createIndex++ < granted;
                    if (!mine || Volatile.Read(ref dayFull))
                    {
                        if (mine)
                        {
                            await listings.GiveBackCreateAsync(shop.ShopId, day, cancellationToken);
                        }

                        item.Create = false;
                        Wait(item, $"TikTok's daily limit of {limit} new products for this shop is used up; created from {clock.NextDay:yyyy-MM-dd} (UTC) in catalog order",
                            clock.NextDay, counts, "waitingForDailyLimit");
                        continue;
                    }
                }

                await gate.WaitAsync(cancellationToken);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        if (item.Create)
                        {
                            if (!await CreateAsync(shop, settings, item, await warehouse.Value, day, counts, calls, cancellationToken))
                            {
                                await listings.GiveBackCreateAsync(shop.ShopId, day, CancellationToken.None);
                            }

                            if (item.Record.TikTokProductId is not null)
                            {
                                // Stored at once, not with the batch: a worker dying later in the run must not lose the product id
                                // (a retry after a death before this line sends the same idempotency_key, and TikTok answers
                                // with the product it already created).
                                await SaveAsync(item, readAt, CancellationToken.None);
                                item.Saved = true;
                            }

                            if (item.Record.LastError?.Code == ListingLimitCode)
                            {
                                Volatile.Write(ref dayFull, true);
                                await listings.FillDayAsync(shop.ShopId, day, limit, CancellationToken.None);
                            }
                        }
                        else
                        {
                            await UpdateAsync(shop, item, counts, calls, cancellationToken);
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                }, cancellationToken));
            }

            await Task.WhenAll(running);
            running.Clear();

            // Activate, deactivate, delete: 20 products per call.
            foreach (var group in items.Where(i => i.Bulk is not null).GroupBy(i => i.Bulk!))
            {
                foreach (var chunk in group.Chunk(TikTokListingClient.MaxProductIdsPerCall))
                {
                    await BulkAsync(shop, group.Key, chunk, counts, calls, cancellationToken);
                }
            }

            await Parallel.ForEachAsync(items.Where(i => !i.Saved), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
                async (item, ct) => await SaveAsync(item, readAt, ct));
        }

        await listings.SaveSettingsFingerprintAsync(shop.ShopId, settingsPrint, cancellationToken);
        counts["createdToday"] = await listings.CreatedOnAsync(shop.ShopId, day, cancellationToken);
        details["dailyCreateLimit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (counts.GetValueOrDefault("waitingForDailyLimit") > 0)
        {
            details["summary"] = $"{counts["waitingForDailyLimit"]} products wait for TikTok's daily limit ({limit} a day); they are created from {clock.NextDay:yyyy-MM-dd} (UTC), in catalog order";
        }
        else if (counts.GetValueOrDefault("waitingForShop") > 0)
        {
            details["summary"] = $"{counts["waitingForShop"]} products wait: {ListingPrerequisites.Describe(ready)}";
        }

        if (counts.GetValueOrDefault("created") > 0)
        {
            // Map the new SKUs for the inventory push (and push their stock when export is on).
            await inventory.RequestProductSyncAsync(shop.ShopId, pushAfterSync: shop.Settings.Inventory is { Enabled: true }, cancellationToken);
        }

        if (calls.Failed > 0 && calls.Succeeded == 0)
        {
            throw new InvalidOperationException($"every TikTok call of the listings run failed for now ({calls.Failed}); the queue retries the run");
        }

        return calls.Failed > 0 ? RunOutcome.Failed : RunOutcome.Succeeded;
    }

    private sealed class CallTally
    {
        private int succeeded;
        private int failed;

        public int Succeeded => Volatile.Read(ref succeeded);
        public int Failed => Volatile.Read(ref failed);

        public void Ok() => Interlocked.Increment(ref succeeded);

        public void Fail() => Interlocked.Increment(ref failed);
    }

    private async Task PlanAsync(ShopRecord shop, ListingSettings settings, Item item, IReadOnlyList<ListingProfile> profileList, ShopPrerequisites ready,
        ConcurrentDictionary<string, long> counts, CancellationToken cancellationToken)
    {
        var record = item.Record;
        var now = time.GetUtcNow();
        if (item.Catalog is not { Deleted: false } stored)
        {
            if (!record.OnTikTok)
            {
                Done(item, record with { Status = ListingStatus.NotListed, Reason = "removed from the catalog", Problems = [] }, counts, "notListed");
            }
            else if (settings.AutoDelete)
            {
                item.Bulk = "delete";
            }
            else if (record.Status != ListingStatus.RemovedFromCatalog)
            {
                Done(item, record.With(now, "removed from the catalog; left on TikTok (auto delete is off)") with
                {
                    Status = ListingStatus.RemovedFromCatalog, Reason = "removed from the catalog; auto delete is off, so it stays on TikTok",
                }, counts, "removedFromCatalog");
            }
            else
            {
                Done(item, record, counts, "unchanged");
            }

            return;
        }

        var product = stored.Product;
        var profile = ProfileRules.Choose(profileList, product, shop.ShopId);
        if (profile is null)
        {
            Done(item, record.OnTikTok
                ? record with { Reason = "no profile takes this product any more: it is no longer kept in step" }
                : record with { Status = ListingStatus.NotListed, Reason = "no profile takes this product (add a profile that matches it, or a default profile)", Problems = [] },
                counts, "notListed");
            return;
        }

        item.Profile = profile;
        CategoryInfo category;
        try
        {
            category = await tiktokCatalog.CategoryAsync(shop, profile.TikTokCategoryId, cancellationToken);
        }
        catch (TikTokException e) when (e.Kind is TikTokErrorKind.InvalidRequest or TikTokErrorKind.Unknown)
        {
            Done(item, record with
            {
                Status = record.OnTikTok ? record.Status : ListingStatus.Invalid, ProfileName = profile.Name,
                Problems = [new ListingProblem("category", $"TikTok refuses category {profile.TikTokCategoryId} of profile {profile.Name}: {e.Message}")],
                Reason = $"profile {profile.Name} names a category TikTok refuses",
            }, counts, "invalid");
            return;
        }

        var warnings = new List<string>();
        var brandId = profile.BrandId;
        if (brandId is null && profile.BrandFromProduct && product.Brand is { } brandName)
        {
            try
            {
                brandId = (await tiktokCatalog.BrandAsync(shop, brandName, cancellationToken))?.Id;
                if (brandId is null)
                {
                    warnings.Add($"TikTok knows no brand '{brandName}': listed without a brand");
                }
            }
            catch (TikTokException e) when (!e.IsRetryable)
            {
                warnings.Add($"brand '{brandName}' could not be looked up ({e.Message}): listed without a brand");
            }
        }

        var mapped = ListingMapper.Map(product, profile, shop.Region, category, brandId);
        item.Mapped = mapped;
        record = record with { ProfileName = profile.Name, Warnings = warnings };
        item.Record = record;
        if (!record.OnTikTok)
        {
            if (!product.Active)
            {
                Done(item, record with { Status = ListingStatus.NotListed, Reason = "inactive in the catalog", Problems = [] }, counts, "notListed");
            }
            else if (mapped.Problems.Count > 0)
            {
                Done(item, record with
                {
                    Status = ListingStatus.Invalid, Problems = mapped.Problems, CategoryId = mapped.CategoryId,
                    Reason = $"held: {mapped.Problems.Count} of TikTok's rules not met; nothing was sent",
                }, counts, "invalid");
            }
            else if (!settings.AutoCreate)
            {
                Done(item, record with { Status = ListingStatus.NotListed, Reason = "auto create is off for this shop", Problems = [] }, counts, "notListed");
            }
            else if (!ready.Ready)
            {
                Wait(item, ListingPrerequisites.Describe(ready), null, counts, "waitingForShop");
            }
            else
            {
                item.Create = true;
            }

            return;
        }

        // Listed: what changed that the profile syncs, and the catalog's active flag.
        var prints = mapped.Fingerprints();
        var changed = prints.Where(p => record.Fingerprints.GetValueOrDefault(p.Key) != p.Value).Select(p => p.Key).ToList();
        var synced = changed.Where(f => f == ListingFields.Variants || (f.StartsWith(ListingFields.PricePrefix, StringComparison.Ordinal) ? profile.Syncs(SyncFieldNames.Price) : profile.Syncs(f)))
            .ToList();
        if (synced.Count > 0 && mapped.Problems.Count > 0)
        {
            record = record with
            {
                Problems = mapped.Problems, Reason = $"changes held: {mapped.Problems.Count} of TikTok's rules not met; TikTok keeps the listed version",
            };
            synced = [];
        }
        else if (synced.Count > 0 && !settings.AutoUpdate)
        {
            record = record with { Reason = $"auto update is off: {string.Join(", ", synced.Select(Field).Distinct())} not sent", Problems = [] };
            synced = [];
        }
        else
        {
            record = record with { Problems = [] };
        }

        item.Record = record;
        item.Changes = synced;
        var activeNow = record.ActiveApplied ?? true;
        if (product.Active != activeNow && record.Status is not (ListingStatus.Frozen or ListingStatus.Deleted))
        {
            item.Bulk = product.Active ? "activate" : "deactivate";
        }

        if (synced.Count == 0 && item.Bulk is null)
        {
            Done(item, record, counts, "unchanged");
        }
    }

    private static string Field(string change) => change.StartsWith(ListingFields.PricePrefix, StringComparison.Ordinal) ? SyncFieldNames.Price : change;

    private static void Done(Item item, ListingRecord record, ConcurrentDictionary<string, long> counts, string counter)
    {
        item.Record = record;
        counts.AddOrUpdate(counter, 1, (_, n) => n + 1);
    }

    private void Wait(Item item, string reason, DateTimeOffset? until, ConcurrentDictionary<string, long> counts, string counter)
    {
        item.StayPending = true;
        Done(item, item.Record with { Status = ListingStatus.Waiting, Reason = reason, WaitsUntil = until, Problems = [] }, counts, counter);
    }

    private async Task<string> DefaultWarehouseAsync(ShopRecord shop, CancellationToken cancellationToken)
    {
        var warehouses = await shopClient.GetWarehousesAsync(TikTokCatalog.Ref(shop), cancellationToken);
        var sales = warehouses.Where(w => string.Equals(w.Type, "SALES_WAREHOUSE", StringComparison.OrdinalIgnoreCase)).ToList();
        return (sales.FirstOrDefault(w => w.IsDefault) ?? sales.FirstOrDefault())?.Id
            ?? throw new InvalidOperationException($"shop {shop.ShopId} has no sales warehouse on TikTok");
    }

    /// <summary>Creates one product; false when it was not created (its quota is given back).</summary>
    private async Task<bool> CreateAsync(ShopRecord shop, ListingSettings settings, Item item, string warehouseId, string day, ConcurrentDictionary<string, long> counts,
        CallTally calls, CancellationToken cancellationToken)
    {
        var mapped = item.Mapped!;
        var requests = mapped.ImageUrls.Select((u, i) => new ImageRequest(u, TikTokImageUseCases.MainImage, $"images[{i}]"))
            .Concat(mapped.Skus.Select((s, i) => (s, i)).Where(x => x.s.ImageUrl is not null)
                .Select(x => new ImageRequest(x.s.ImageUrl!, TikTokImageUseCases.AttributeImage, $"variants[{x.i}].image")))
            .Concat(DescriptionHtml.ImageSources(mapped.Description).Select(u => new ImageRequest(u, TikTokImageUseCases.DescriptionImage, "description")))
            .ToList();
        var resolved = await images.ResolveAsync(shop, requests, cancellationToken);
        if (resolved.Problems.Count > 0)
        {
            Done(item, item.Record with
            {
                Status = ListingStatus.Invalid, Problems = resolved.Problems, CategoryId = mapped.CategoryId,
                Reason = $"held: {resolved.Problems.Count} images TikTok would not take; nothing was sent",
            }, counts, "invalid");
            return false;
        }

        if (resolved.TransientError is { } transient)
        {
            calls.Fail();
            Wait(item, transient, null, counts, "waitingForImages");
            return false;
        }

        var imageUris = mapped.AllImageUrls.ToDictionary(u => u, u => resolved.Images.Values.First(i => i.SourceUrl == u && i.UseCase != TikTokImageUseCases.DescriptionImage).Uri,
            StringComparer.Ordinal);
        var description = Description(mapped.Description, resolved);
        var sent = await CreateSentAsync(shop, item, cancellationToken);
        if (sent is null)
        {
            Wait(item, "the listing changed while this push read it; looked at again on the next push", null, counts, "failed");
            return false;
        }

        var body = ListingMapper.ToCreate(mapped, imageUris, description, warehouseId, settings.SaveMode, TikTokCatalog.CategoryVersion(shop.Region), sent.Key);
        TikTokProductWritten created;
        try
        {
            created = await tiktok.CreateProductAsync(TikTokCatalog.Ref(shop), body, cancellationToken);
            calls.Ok();
        }
        catch (TikTokException e) when (e.Kind is TikTokErrorKind.InvalidRequest or TikTokErrorKind.Unknown && e.Code == ListingLimitCode)
        {
            calls.Ok();
            item.Record = item.Record with { LastError = new ListingError(e.Message, e.Code, e.RequestId, time.GetUtcNow()), CreateSent = null };
            Wait(item, $"TikTok says the shop's product listing limit is reached ({e.Message}); created from {clock.NextDay:yyyy-MM-dd} (UTC) in catalog order",
                clock.NextDay, counts, "waitingForDailyLimit");
            return false;
        }
        catch (TikTokException e) when (e.Kind is TikTokErrorKind.InvalidRequest or TikTokErrorKind.Unknown or TikTokErrorKind.InvalidSignature)
        {
            calls.Ok();
            Done(item, item.Record.With(time.GetUtcNow(), $"create refused by TikTok: {e.Code}") with
            {
                Status = ListingStatus.Refused, CategoryId = mapped.CategoryId, LastError = new ListingError(e.Message, e.Code, e.RequestId, time.GetUtcNow()),
                CreateSent = null,
                Reason = $"TikTok refused the product: {e.Message}",
            }, counts, "refused");
            return false;
        }
        catch (TikTokException e) when (e.IsRetryable)
        {
            calls.Fail();
            Wait(item, $"TikTok did not answer the create for now ({e.Kind}, request {e.RequestId}); tried again on the next push", null, counts, "failed");
            return false;
        }

        var now = time.GetUtcNow();
        var draft = settings.SaveMode == "AS_DRAFT";
        var skuIds = created.Skus.Where(s => s.SellerSku is not null).ToDictionary(s => s.SellerSku!, s => s.Id, StringComparer.Ordinal);
        // A create sent again after a worker died: TikTok answers with the product the first one made, which carries the
        // catalog as it was then. When the catalog changed since, nothing counts as pushed, so the next push edits every field.
        var replayedOlder = sent.CatalogHash != item.Catalog!.Hash;
        var prints = replayedOlder ? new Dictionary<string, string>() : mapped.Fingerprints();
        item.StayPending |= replayedOlder;
        item.Apply = r => r.With(now, $"created on TikTok as product {created.ProductId} (profile {mapped.ProfileName}, category {mapped.CategoryId})") with
        {
            TikTokProductId = created.ProductId, SkuIds = skuIds, Fingerprints = prints, CategoryId = mapped.CategoryId, ProfileName = mapped.ProfileName,
            CreateSent = null,
            Status = draft ? ListingStatus.Draft : ListingStatus.Pending, TikTokStatus = draft ? "DRAFT" : "PENDING", AuditStatus = draft ? "NONE" : "AUDITING",
            AuditFailures = [], ActiveApplied = true, ListedAt = now, Creates = r.Creates + 1, Problems = [], LastError = null, WaitsUntil = null,
            Warnings = [.. item.Record.Warnings, .. created.Warnings.Select(w => w.Message).OfType<string>()],
            Reason = draft ? "saved as a draft on TikTok: the seller publishes it in Seller Center" : "TikTok is reviewing the product",
        };
        item.Record = item.Apply(item.Record);
        counts.AddOrUpdate("created", 1, (_, n) => n + 1);
        return true;
    }

    /// <summary>
    /// Writes the idempotency keys of a batch's creates before any is sent, a transaction per 100 listings (one write per
    /// product would double the storage requests of a first push); a transaction that loses a race leaves its products to
    /// <see cref="CreateSentAsync"/>, one by one.
    /// </summary>
    private async Task WriteCreatesSentAsync(ShopRecord shop, IReadOnlyList<Item> creates, CancellationToken cancellationToken)
    {
        foreach (var chunk in creates.Where(i => i.Record.CreateSent is null && i.Catalog is not null).Chunk(TableRows.MaxTransactionActions))
        {
            var records = chunk.Select(i => i.Record with { CreateSent = NewCreateSent(shop, i), Pending = true }).ToArray();
            try
            {
                var etags = await listings.SaveManyAsync(records.Select((r, n) => (r, chunk[n].ETag)).ToArray(), cancellationToken);
                for (var n = 0; n < chunk.Length; n++)
                {
                    chunk[n].Record = records[n];
                    chunk[n].ETag = etags[n];
                }
            }
            catch (ConcurrencyConflictException)
            {
                // One of them changed since this push read it: each is tried alone when its create comes.
            }
        }
    }

    private static ListingCreateSent NewCreateSent(ShopRecord shop, Item item) =>
        new("lst" + CatalogJson.Fingerprint($"{shop.ShopId}|{item.ProductId}|{item.Catalog!.Hash}|{item.Record.Creates}"), item.Catalog.Hash);

    /// <summary>
    /// The idempotency_key this product's create goes out with, written to the listing BEFORE the call: a retry after a
    /// worker died between TikTok's answer and the write of the product id sends the same key, whatever the catalog did
    /// meanwhile, and TikTok answers with the product it made instead of making another. Null when the row changed since
    /// this push read it.
    /// </summary>
    private async Task<ListingCreateSent?> CreateSentAsync(ShopRecord shop, Item item, CancellationToken cancellationToken)
    {
        if (item.Record.CreateSent is { } earlier)
        {
            return earlier;
        }

        var sent = NewCreateSent(shop, item);
        try
        {
            var record = item.Record with { CreateSent = sent };
            item.ETag = await listings.SaveAsync(record with { Pending = true }, item.ETag == default ? null : item.ETag, cancellationToken);
            item.Record = record;
            return sent;
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }
    }

    private async Task UpdateAsync(ShopRecord shop, Item item, ConcurrentDictionary<string, long> counts, CallTally calls, CancellationToken cancellationToken)
    {
        var mapped = item.Mapped!;
        var record = item.Record;
        var changes = item.Changes.ToHashSet(StringComparer.Ordinal);
        var variants = changes.Contains(ListingFields.Variants);
        var requests = new List<ImageRequest>();
        if (changes.Contains(SyncFieldNames.Images))
        {
            requests.AddRange(mapped.ImageUrls.Select((u, i) => new ImageRequest(u, TikTokImageUseCases.MainImage, $"images[{i}]")));
        }

        if (variants)
        {
            requests.AddRange(mapped.Skus.Select((s, i) => (s, i)).Where(x => x.s.ImageUrl is not null)
                .Select(x => new ImageRequest(x.s.ImageUrl!, TikTokImageUseCases.AttributeImage, $"variants[{x.i}].image")));
        }

        if (changes.Contains(SyncFieldNames.Description))
        {
            requests.AddRange(DescriptionHtml.ImageSources(mapped.Description).Select(u => new ImageRequest(u, TikTokImageUseCases.DescriptionImage, "description")));
        }

        var resolved = await images.ResolveAsync(shop, requests, cancellationToken);
        if (resolved.Problems.Count > 0)
        {
            Done(item, record with { Problems = resolved.Problems, Reason = $"changes held: {resolved.Problems.Count} images TikTok would not take" }, counts, "invalid");
            return;
        }

        if (resolved.TransientError is { } transient)
        {
            calls.Fail();
            item.StayPending = true;
            Done(item, record with { Reason = transient }, counts, "failed");
            return;
        }

        string Uri(string url) => resolved.Images.Values.First(i => i.SourceUrl == url && i.UseCase != TikTokImageUseCases.DescriptionImage).Uri;
        var edit = new TikTokProductPartialEdit
        {
            Title = changes.Contains(SyncFieldNames.Title) ? mapped.Title : null,
            Description = changes.Contains(SyncFieldNames.Description) ? Description(mapped.Description, resolved) : null,
            MainImages = changes.Contains(SyncFieldNames.Images) ? mapped.ImageUrls.Select(u => new TikTokImageRef { Uri = Uri(u) }).ToArray() : null,
            PackageWeight = changes.Contains(SyncFieldNames.Weight) ? mapped.Weight : null,
            PackageDimensions = changes.Contains(SyncFieldNames.Weight) ? mapped.Dimensions : null,
            ProductAttributes = changes.Contains(SyncFieldNames.Attributes) ? mapped.Attributes : null,
            BrandId = changes.Contains(SyncFieldNames.Attributes) ? mapped.BrandId : null,
            Skus = variants
                ? ListingMapper.Skus(mapped, mapped.Skus.Where(s => s.ImageUrl is not null).ToDictionary(s => s.ImageUrl!, s => Uri(s.ImageUrl!), StringComparer.Ordinal),
                    await DefaultWarehouseAsync(shop, cancellationToken), record.SkuIds)
                : null,
        };
        var prices = variants
            ? []
            : mapped.Skus.Where(s => changes.Contains(ListingFields.Price(s.SellerSku)) && record.SkuIds.ContainsKey(s.SellerSku))
                .Select(s => new TikTokSkuPrice { Id = record.SkuIds[s.SellerSku], Price = new TikTokPriceWrite { Amount = s.Price, Currency = mapped.Currency } })
                .ToArray();
        var prints = mapped.Fingerprints();
        var pushed = new List<string>();
        var skuIds = record.SkuIds;
        string? audit = null;
        try
        {
            if (!edit.IsEmpty)
            {
                var answer = await tiktok.PartialEditProductAsync(TikTokCatalog.Ref(shop), record.TikTokProductId!, edit, cancellationToken);
                calls.Ok();
                audit = answer.Audit?.Status;
                pushed.AddRange(changes.Where(c => !c.StartsWith(ListingFields.PricePrefix, StringComparison.Ordinal) || variants));
                if (variants)
                {
                    skuIds = answer.Skus.Where(s => s.SellerSku is not null).ToDictionary(s => s.SellerSku!, s => s.Id, StringComparer.Ordinal);
                    pushed.AddRange(prints.Keys.Where(k => k.StartsWith(ListingFields.PricePrefix, StringComparison.Ordinal)));
                }

                counts.AddOrUpdate("updated", 1, (_, n) => n + 1);
            }

            if (prices.Length > 0)
            {
                await tiktok.UpdatePricesAsync(TikTokCatalog.Ref(shop), record.TikTokProductId!, prices, cancellationToken);
                calls.Ok();
                pushed.AddRange(mapped.Skus.Where(s => changes.Contains(ListingFields.Price(s.SellerSku)) && record.SkuIds.ContainsKey(s.SellerSku)).Select(s => ListingFields.Price(s.SellerSku)));
                counts.AddOrUpdate("pricesUpdated", 1, (_, n) => n + 1);
            }
        }
        catch (TikTokException e) when (!e.IsRetryable && e.Kind != TikTokErrorKind.AuthorizationRevoked)
        {
            calls.Ok();
            var error = new ListingError(e.Message, e.Code, e.RequestId, time.GetUtcNow());
            Done(item, Pushed(record, prints, pushed, skuIds, null).With(time.GetUtcNow(), $"update refused by TikTok: {e.Code}") with
            {
                LastError = error, Reason = $"TikTok refused the last update: {e.Message}",
            }, counts, "refused");
            return;
        }
        catch (TikTokException e) when (e.IsRetryable)
        {
            calls.Fail();
            item.StayPending = true;
            Done(item, Pushed(record, prints, pushed, skuIds, null) with { Reason = $"TikTok did not answer the update for now ({e.Kind}, request {e.RequestId}); tried again on the next push" },
                counts, "failed");
            return;
        }

        var what = string.Join(", ", pushed.Select(Field).Distinct());
        var now = time.GetUtcNow();
        item.Apply = r => Pushed(r, prints, pushed, skuIds, audit).With(now, $"updated on TikTok: {what}") with { LastError = null, Reason = r.Status == ListingStatus.Live && audit == "AUDITING" ? "TikTok is reviewing the change" : r.Reason };
        item.Record = item.Apply(record);
    }

    private static ListingRecord Pushed(ListingRecord record, IReadOnlyDictionary<string, string> prints, IEnumerable<string> pushed, IReadOnlyDictionary<string, string> skuIds,
        string? audit)
    {
        var fingerprints = new Dictionary<string, string>(record.Fingerprints, StringComparer.Ordinal);
        foreach (var field in pushed)
        {
            if (prints.TryGetValue(field, out var print))
            {
                fingerprints[field] = print;
            }
        }

        if (pushed.Contains(ListingFields.Variants))
        {
            foreach (var gone in fingerprints.Keys.Where(k => k.StartsWith(ListingFields.PricePrefix, StringComparison.Ordinal) && !prints.ContainsKey(k)).ToList())
            {
                fingerprints.Remove(gone);
            }
        }

        return record with { Fingerprints = fingerprints, SkuIds = skuIds, AuditStatus = audit ?? record.AuditStatus };
    }

    private async Task BulkAsync(ShopRecord shop, string action, IReadOnlyList<Item> chunk, ConcurrentDictionary<string, long> counts, CallTally calls,
        CancellationToken cancellationToken)
    {
        var ids = chunk.Select(i => i.Record.TikTokProductId!).ToArray();
        TikTokBulkProductResult result;
        try
        {
            result = action switch
            {
                "activate" => await tiktok.ActivateProductsAsync(TikTokCatalog.Ref(shop), ids, cancellationToken),
                "deactivate" => await tiktok.DeactivateProductsAsync(TikTokCatalog.Ref(shop), ids, cancellationToken),
                _ => await tiktok.DeleteProductsAsync(TikTokCatalog.Ref(shop), ids, cancellationToken),
            };
            calls.Ok();
        }
        catch (TikTokException e) when (e.IsRetryable)
        {
            calls.Fail();
            foreach (var item in chunk)
            {
                item.StayPending = true;
                item.Record = item.Record with { Reason = $"TikTok did not answer the {action} for now ({e.Kind}, request {e.RequestId}); tried again on the next push" };
            }

            counts.AddOrUpdate("failed", chunk.Count, (_, n) => n + chunk.Count);
            return;
        }
        catch (TikTokException e) when (e.Kind != TikTokErrorKind.AuthorizationRevoked)
        {
            calls.Ok();
            result = new TikTokBulkProductResult { Errors = ids.Select(id => new TikTokProductError { Code = e.Code ?? 0, Message = e.Message, Detail = new TikTokProductErrorDetail { ProductId = id } }).ToArray() };
        }

        var now = time.GetUtcNow();
        foreach (var item in chunk)
        {
            var error = result.Errors.FirstOrDefault(x => x.Detail?.ProductId == item.Record.TikTokProductId);
            if (error is not null)
            {
                var message = error.Message + string.Concat(error.Detail?.ExtraErrors.Select(x => $" ({x.Code}: {x.Message})") ?? []);
                item.Record = item.Record.With(now, $"{action} refused by TikTok: {error.Code}") with
                {
                    LastError = new ListingError(message, error.Code, null, now), Reason = $"TikTok refused to {action} the product: {message}",
                };
                counts.AddOrUpdate("refused", 1, (_, n) => n + 1);
                continue;
            }

            item.Apply = action switch
            {
                "activate" => r => r.With(now, "activated on TikTok") with { ActiveApplied = true, TikTokStatus = "ACTIVATE", Status = ListingStatus.Live, Reason = null, LastError = null },
                "deactivate" => r => r.With(now, "deactivated on TikTok") with
                {
                    ActiveApplied = false, TikTokStatus = "SELLER_DEACTIVATED", Status = ListingStatus.Deactivated, Reason = "inactive in the catalog", LastError = null,
                },
                _ => r => r.With(now, $"deleted on TikTok (product {r.TikTokProductId})") with
                {
                    TikTokStatus = "DELETED", Status = ListingStatus.Deleted, Reason = "removed from the catalog and deleted on TikTok", LastError = null, ActiveApplied = null,
                },
            };
            item.Record = item.Apply(item.Record);
            counts.AddOrUpdate(action + "d", 1, (_, n) => n + 1);
        }
    }

    /// <summary>The description with its images replaced by TikTok's copies (TikTok takes only its own image URLs there).</summary>
    private static string Description(string html, ImageResolution resolved)
    {
        var replacements = resolved.Images.Values.Where(i => i.UseCase == TikTokImageUseCases.DescriptionImage)
            .ToDictionary(i => i.SourceUrl, i => i.Url ?? i.Uri, StringComparer.Ordinal);
        return replacements.Count == 0 ? html : DescriptionHtml.ReplaceImageSources(html, replacements);
    }

    /// <summary>Writes the item's listing; on a concurrent write, applies what TikTok did on top of the fresh row.</summary>
    private Task SaveAsync(Item item, DateTimeOffset readAt, CancellationToken cancellationToken) =>
        OptimisticConcurrency.RetryAsync(async attempt =>
        {
            var (record, etag) = (item.Record, item.ETag);
            if (attempt > 1)
            {
                var (fresh, freshTag) = await listings.GetAsync(item.Record.ShopId, item.ProductId, cancellationToken);
                etag = freshTag;
                if (fresh is not null)
                {
                    // What TikTok did must not be lost; the rest of this run's view gives way to the newer row (it stays pending if it was marked again).
                    record = (item.Apply is { } apply ? apply(fresh) : fresh with
                        {
                            Status = item.Record.Status, Reason = item.Record.Reason, Problems = item.Record.Problems, CreateSent = item.Record.CreateSent,
                        })
                        with { PendingAt = fresh.PendingAt };
                }
            }

            var pending = item.StayPending || record.PendingAt > readAt;
            await listings.SaveAsync(record with { Pending = pending }, etag == default ? null : etag, cancellationToken);
        });

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Listings run of shop {ShopId} skipped: {Reason}")]
    private partial void LogSkipped(string shopId, string reason);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "Listings run of shop {ShopId}: {Outcome}; {Counts}")]
    private partial void LogRun(string shopId, RunOutcome outcome, string counts);
}
