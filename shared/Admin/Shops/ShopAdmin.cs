using Connector.Audit;
using Connector.Http;
using Connector.Inventory;
using Connector.Listings;
using Connector.Messaging;
using Connector.Orders;
using Connector.Runs;
using Connector.Shops;
using Connector.Storage;
using Connector.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Connector.Admin.Shops;

/// <summary>
/// The shop endpoints of the admin API under <c>/api/admin/shops</c>: list, get, activate, pause, resume, rename,
/// settings, sync now and the shop's audit log. Every write is validated first, checked against the shop's ETag and
/// recorded in the audit log with the key that made it.
/// </summary>
public sealed partial class ShopAdmin(
    ShopRepository shops,
    OrderStore orders,
    OrderPullCheckpointStore checkpoints,
    RunStore runs,
    SupportCaseStore cases,
    MessageQueue messages,
    QueueNames queues,
    InventoryScheduling inventory,
    ListingScheduling listingScheduling,
    ListingAdmin listingAdmin,
    AuditLog audit,
    ShopSettingsChecks checks,
    Schedules schedules,
    TimeProvider time,
    ILogger<ShopAdmin> logger)
{
    /// <summary>Without a start date, activation imports this much history plus every open order.</summary>
    public static readonly TimeSpan DefaultInitialImport = TimeSpan.FromDays(30);

    public static readonly string[] SyncTargets = [SyncOrders, SyncInventory, SyncProducts];
    public const string SyncOrders = "orders";
    public const string SyncInventory = "inventory";
    public const string SyncProducts = "products";

    public sealed record RenameRequest(string? Name);

    /// <summary>GET /api/admin/shops?merchantId=&amp;status=&amp;region=&amp;pageSize=&amp;continuationToken=.</summary>
    public async Task<IActionResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryEnum<ShopStatus>(request, "status", out var status, out var problem) || !AdminRequest.TryPageSize(request, out var pageSize, out problem)
            || !AdminRequest.TryContinuation(request, out var continuation, out problem))
        {
            return problem!;
        }

        var merchantId = AdminRequest.Query(request, "merchantId");
        var region = AdminRequest.Query(request, "region")?.ToUpperInvariant();
        if (merchantId is not null && Ids.Check(("merchantId", merchantId)) is { } badId)
        {
            return badId;
        }

        if (region is not null && (region.Length != 2 || !region.All(char.IsAsciiLetter)))
        {
            return Problems.BadRequest("region must be a two-letter country code such as GB or US.", new Dictionary<string, string[]> { ["region"] = ["a two-letter country code such as GB or US"] });
        }

        try
        {
            var (page, next) = await shops.ListPageAsync(merchantId, status, region, continuation, pageSize, cancellationToken);
            return Problems.Json(new { shops = page.Select(Summary), continuationToken = AdminRequest.Continuation(next) });
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Problems.BadRequest("continuationToken is not one this API gave out.");
        }
    }

    /// <summary>GET /api/admin/shops/{shopId}: settings, status, token expiry dates, last runs and counts.</summary>
    public async Task<IActionResult> GetAsync(string shopId, CancellationToken cancellationToken)
    {
        if (await FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return NotFound(shopId);
        }

        return Problems.Json(await DetailAsync(shop, cancellationToken));
    }

    /// <summary>POST /api/admin/shops/{shopId}/activate: PendingActivation to Active, then the initial import.</summary>
    public async Task<IActionResult> ActivateAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        if (await FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return NotFound(shopId);
        }

        var finishing = shop.Status == ShopStatus.Active && shop.ActivationPendingSince is not null;
        if (shop.Status != ShopStatus.PendingActivation && !finishing)
        {
            return Problems.Conflict(shop.Status switch
            {
                ShopStatus.Active => $"Shop {shopId} is Active already.",
                ShopStatus.Paused => $"Shop {shopId} is Paused: resume it instead (POST /api/admin/shops/{shopId}/resume).",
                _ => $"Shop {shopId} needs the seller to authorize again first (GET /api/admin/shops/{shopId}/reauthorize-link).",
            });
        }

        // Active and "activation pending" in one write, the messages, then the marker cleared: a send that fails leaves
        // the marker, and activating again sends them (both messages are idempotent) instead of answering 409.
        var now = time.GetUtcNow();
        var importFrom = shop.ActivationPendingSince ?? now;
        shop.ActivationPendingSince = importFrom;
        if (await ChangeStatusAsync(shop, ShopStatus.Active, now, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        var settings = shop.Settings.Orders;
        OrderPullMessage? import = null;
        if (settings.ImportEnabled)
        {
            import = new OrderPullMessage(shop.ShopId, "activation", Since: settings.ImportStartDate ?? importFrom - DefaultInitialImport, IncludeOpenOrders: settings.ImportStartDate is null);
            await messages.SendAsync(queues.OrderPull, import, cancellationToken);
        }

        // Products first, then stock when export is on (the inventory capability decides).
        await inventory.ShopActivatedAsync(shop.ShopId, cancellationToken);
        await listingScheduling.ShopActivatedAsync(shop.ShopId, cancellationToken);
        shop.ActivationPendingSince = null;
        if (await SaveAsync(shop, ShopStatus.Active, cancellationToken) is { } changed)
        {
            return changed;
        }

        var keyName = AdminCaller.KeyName(request);
        await audit.WriteAsync(keyName, AuditActions.ActivateShop, shop.ShopId, null,
            new { from = nameof(ShopStatus.PendingActivation), to = nameof(ShopStatus.Active), initialImport = import }, cancellationToken);
        await ResolveActivationCaseAsync(shop, keyName, cancellationToken);
        LogStatus(shop.ShopId, ShopStatus.Active, keyName);
        return Problems.Json(new { shop = Summary(shop), initialImport = import is null ? null : new { since = import.Since, includeOpenOrders = import.IncludeOpenOrders } });
    }

    /// <summary>POST /api/admin/shops/{shopId}/pause: Active to Paused (nothing is pulled or pushed).</summary>
    public Task<IActionResult> PauseAsync(HttpRequest request, string shopId, CancellationToken cancellationToken) =>
        MoveAsync(request, shopId, ShopStatus.Active, ShopStatus.Paused, AuditActions.PauseShop, cancellationToken);

    /// <summary>POST /api/admin/shops/{shopId}/resume: Paused to Active (the next pull continues from the watermark).</summary>
    public Task<IActionResult> ResumeAsync(HttpRequest request, string shopId, CancellationToken cancellationToken) =>
        MoveAsync(request, shopId, ShopStatus.Paused, ShopStatus.Active, AuditActions.ResumeShop, cancellationToken);

    /// <summary>POST /api/admin/shops/{shopId}/rename {"name": "..."}.</summary>
    public async Task<IActionResult> RenameAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        var (body, bodyProblem) = await RequestBody.ReadAsync<RenameRequest>(request, cancellationToken);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        var name = body?.Name?.Trim();
        if (name is not { Length: > 0 and <= 100 } || name.Any(char.IsControl))
        {
            return Problems.BadRequest("The body must be {\"name\": \"...\"}: 1 to 100 characters, no control characters.",
                new Dictionary<string, string[]> { ["name"] = [string.IsNullOrEmpty(name) ? "required: 1 to 100 characters" : "must be 1 to 100 characters without control characters"] });
        }

        if (await FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return NotFound(shopId);
        }

        var before = shop.Name;
        shop.Name = name;
        shop.RenamedBySupport = true;
        shop.UpdatedAt = time.GetUtcNow();
        if (await SaveAsync(shop, shop.Status, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await audit.WriteAsync(AdminCaller.KeyName(request), AuditActions.RenameShop, shop.ShopId, null, new { from = before, to = name, tikTokName = shop.TikTokName }, cancellationToken);
        return Problems.Json(Summary(shop));
    }

    /// <summary>PATCH /api/admin/shops/{shopId}/settings: a merge patch of the shop's settings, validated as a whole.</summary>
    public async Task<IActionResult> UpdateSettingsAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        var read = await RequestBody.ReadJsonAsync(request, cancellationToken);
        if (read.Problem is not null)
        {
            return read.Problem;
        }

        var patch = read.Value is { ValueKind: System.Text.Json.JsonValueKind.Object } found ? found : (System.Text.Json.JsonElement?)null;
        if (patch is null)
        {
            return Problems.BadRequest("The body must be a JSON object, e.g. {\"orders\": {\"importEnabled\": false}}.");
        }

        if (await FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return NotFound(shopId);
        }

        var (settings, errors) = ShopSettingsPatch.Candidate(shop.Settings, patch.Value, time.GetUtcNow());
        if (await checks.CheckAsync(shop, patch.Value, settings, errors, cancellationToken) is { } notChecked)
        {
            return notChecked;
        }

        if (errors.Count > 0)
        {
            return Problems.BadRequest($"Some settings are not valid ({string.Join(", ", errors.Keys)}); nothing was changed.", errors);
        }

        var before = ShopSettingsView.Of(shop.Settings);
        shop.Settings = settings;
        shop.UpdatedAt = time.GetUtcNow();
        if (await SaveAsync(shop, shop.Status, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await audit.WriteAsync(AdminCaller.KeyName(request), AuditActions.UpdateSettings, shop.ShopId, null,
            new { patch = patch.Value, before, after = ShopSettingsView.Of(settings) }, cancellationToken);
        return Problems.Json(new { shopId = shop.ShopId, settings = ShopSettingsView.Of(shop.Settings) });
    }

    /// <summary>POST /api/admin/shops/{shopId}/sync/{what}: orders (a pull now), inventory (a full resync push) or products (a products sync).</summary>
    public async Task<IActionResult> SyncAsync(HttpRequest request, string shopId, string what, CancellationToken cancellationToken)
    {
        var target = what.ToLowerInvariant();
        if (!SyncTargets.Contains(target))
        {
            return Problems.BadRequest($"Unknown sync '{what}'. Use one of: {string.Join(", ", SyncTargets)}.");
        }

        if (target != SyncOrders && AdminRequest.Query(request, "since") is not null)
        {
            return Problems.BadRequest("since applies to orders only (POST .../sync/orders?since=...).",
                new Dictionary<string, string[]> { ["since"] = ["applies to orders only"] });
        }

        if (await FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return NotFound(shopId);
        }

        if (shop.Status != ShopStatus.Active)
        {
            return Problems.Conflict($"Shop {shopId} is {shop.Status}; only Active shops are synced.");
        }

        string queue;
        object? details = null;
        switch (target)
        {
            case SyncOrders:
                if (!shop.Settings.Orders.ImportEnabled)
                {
                    return Problems.Conflict($"Order import is off for shop {shopId}; switch it on first (PATCH settings orders.importEnabled).");
                }

                var pull = new OrderPullMessage(shop.ShopId, "admin");
                if (AdminRequest.Query(request, "since") is { } sinceText)
                {
                    // A re-import of every order created since then (a backfill run), then the regular pull.
                    if (!DateTimeOffset.TryParse(sinceText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since)
                        || since > time.GetUtcNow() || since < time.GetUtcNow().AddYears(-1))
                    {
                        return Problems.BadRequest("since must be an ISO 8601 date and time within the last year, e.g. 2026-01-01T00:00:00Z.",
                            new Dictionary<string, string[]> { ["since"] = ["must be an ISO 8601 date and time within the last year, not in the future"] });
                    }

                    pull = pull with { Since = since, Reimport = true };
                }

                await messages.SendAsync(queues.OrderPull, pull, cancellationToken);
                details = pull.Since is { } s ? new { queue = queues.OrderPull, since = s } : null;
                queue = queues.OrderPull;
                break;
            case SyncInventory:
                if (shop.Settings.Inventory is not { Enabled: true })
                {
                    return Problems.Conflict($"Inventory export is off for shop {shopId}; switch it on first (PATCH settings inventory.enabled).");
                }

                // A full resync: every quantity, changed or not.
                await inventory.RequestPushAsync(shop.ShopId, fullResync: true, cancellationToken);
                queue = queues.InventoryPush;
                break;
            default:
                await inventory.RequestProductSyncAsync(shop.ShopId, pushAfterSync: shop.Settings.Inventory is { Enabled: true }, cancellationToken);
                queue = queues.ProductSync;
                break;
        }

        await audit.WriteAsync(AdminCaller.KeyName(request), AuditActions.SyncShop, shop.ShopId, target, details ?? new { queue }, cancellationToken);
        return Problems.Json(new { shopId = shop.ShopId, sync = target, queued = true }, StatusCodes.Status202Accepted);
    }

    /// <summary>GET /api/admin/shops/{shopId}/audit: the shop's audit log, newest first.</summary>
    public async Task<IActionResult> AuditAsync(HttpRequest request, string shopId, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryPageSize(request, out var pageSize, out var problem))
        {
            return problem!;
        }

        if (await FindAsync(shopId, cancellationToken) is null)
        {
            return NotFound(shopId);
        }

        return await AuditPageAsync(shopId, request, pageSize, cancellationToken);
    }

    /// <summary>GET /api/admin/audit: admin writes that are not about one shop, and shop deletions.</summary>
    public Task<IActionResult> GlobalAuditAsync(HttpRequest request, CancellationToken cancellationToken) =>
        AdminRequest.TryPageSize(request, out var pageSize, out var problem) ? AuditPageAsync(null, request, pageSize, cancellationToken) : Task.FromResult(problem!);

    private async Task<IActionResult> AuditPageAsync(string? shopId, HttpRequest request, int pageSize, CancellationToken cancellationToken)
    {
        if (!AdminRequest.TryContinuation(request, out var continuation, out var problem))
        {
            return problem!;
        }

        try
        {
            var (entries, next) = await audit.ListAsync(shopId, continuation, pageSize, cancellationToken);
            return Problems.Json(new { entries, continuationToken = AdminRequest.Continuation(next) });
        }
        catch (Azure.RequestFailedException e) when (e.Status == 400)
        {
            return Problems.BadRequest("continuationToken is not one this API gave out.");
        }
    }

    internal async Task<ShopRecord?> FindAsync(string shopId, CancellationToken cancellationToken) =>
        AdminRequest.IsId(shopId) ? await shops.GetAsync(shopId, cancellationToken) : null;

    /// <summary>404 for an unknown shop; 400 naming shopId when it is not even an id.</summary>
    internal static IActionResult NotFound(string shopId) => Ids.IsValid(shopId) ? Problems.NotFound($"Shop {shopId} does not exist.") : Ids.Invalid("shopId", shopId);

    private async Task<IActionResult> MoveAsync(HttpRequest request, string shopId, ShopStatus from, ShopStatus to, string action, CancellationToken cancellationToken)
    {
        if (await FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return NotFound(shopId);
        }

        if (shop.Status == to)
        {
            return Problems.Conflict($"Shop {shopId} is {to} already.");
        }

        if (shop.Status != from)
        {
            return Problems.Conflict($"Shop {shopId} is {shop.Status}; only {from} shops can be {(to == ShopStatus.Paused ? "paused" : "resumed")}.");
        }

        if (await ChangeStatusAsync(shop, to, time.GetUtcNow(), cancellationToken) is { } conflict)
        {
            return conflict;
        }

        var keyName = AdminCaller.KeyName(request);
        await audit.WriteAsync(keyName, action, shop.ShopId, null, new { from = from.ToString(), to = to.ToString() }, cancellationToken);
        LogStatus(shop.ShopId, to, keyName);
        return Problems.Json(Summary(shop));
    }

    private async Task<IActionResult?> ChangeStatusAsync(ShopRecord shop, ShopStatus to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var previous = shop.Status;
        shop.Status = to;
        shop.UpdatedAt = now;
        return await SaveAsync(shop, previous, cancellationToken);
    }

    private async Task<IActionResult?> SaveAsync(ShopRecord shop, ShopStatus previous, CancellationToken cancellationToken)
    {
        try
        {
            await shops.UpdateAsync(shop, previous, cancellationToken);
            return null;
        }
        catch (ConcurrencyConflictException)
        {
            return Problems.Conflict($"Shop {shop.ShopId} was changed by someone else meanwhile; nothing was changed. Read it again and retry.");
        }
    }

    private async Task ResolveActivationCaseAsync(ShopRecord shop, string keyName, CancellationToken cancellationToken)
    {
        var open = await cases.ListAsync(SupportCaseStatus.Open, SupportCaseKind.ActivateShop, shop.ShopId, null, AdminRequest.MaxPageSize, cancellationToken);
        foreach (var activation in open.Cases)
        {
            await cases.ResolveAsync(activation.CaseId, "The shop was activated.", keyName, cancellationToken);
        }
    }

    private async Task<object> DetailAsync(ShopRecord shop, CancellationToken cancellationToken)
    {
        // From the shop's version rows (one small column per creation day), not from its orders.
        var ordersByState = (await orders.CountByStateAsync(shop.ShopId, cancellationToken)).ToDictionary(p => p.Key.ToString(), p => p.Value);

        var lastRuns = new Dictionary<string, RunRecord>();
        foreach (var kind in new[] { RunKinds.OrderPull, RunKinds.InventoryPush, RunKinds.ProductSync, RunKinds.TokenRefresh, RunKinds.Webhook, RunKinds.ListingPush })
        {
            if (await runs.LatestAsync(shop.ShopId, kind, cancellationToken) is { } run)
            {
                lastRuns[kind] = run;
            }
        }

        // The newest open cases of the shop (one page); the count is the page's unless there are more.
        var (openCases, moreCases) = await cases.ListAsync(SupportCaseStatus.Open, null, shop.ShopId, null, AdminRequest.MaxPageSize, cancellationToken);
        var checkpoint = await checkpoints.GetAsync(shop.ShopId, cancellationToken);
        return new
        {
            shop.ShopId,
            shop.MerchantId,
            shop.Name,
            shop.TikTokName,
            shop.RenamedBySupport,
            shop.Region,
            Status = shop.Status.ToString(),
            StatusBeforeReauthorization = shop.StatusBeforeReauthorization?.ToString(),
            shop.SellerType,
            shop.AppKey,
            shop.AuthorizationId,
            Tokens = new { shop.AccessTokenExpiresAt, shop.RefreshTokenExpiresAt },
            shop.CreatedAt,
            shop.UpdatedAt,
            Settings = ShopSettingsView.Of(shop.Settings),
            OrderPull = new
            {
                Watermark = checkpoint.Watermark is { } w ? DateTimeOffset.FromUnixTimeSeconds(w) : (DateTimeOffset?)null,
                Running = checkpoint.LeaseUntil > time.GetUtcNow(),
                NextScheduledAt = schedules.NextOrderPull(time.GetUtcNow()),
            },
            LastRuns = lastRuns,
            Counts = new { Orders = ordersByState, OrdersTotal = ordersByState.Values.Sum(), OpenCases = openCases.Count, MoreOpenCases = moreCases is not null },
            OpenCases = openCases,
            Listings = await listingAdmin.ShopDetailAsync(shop, cancellationToken),
        };
    }

    internal static object Summary(ShopRecord shop) => new
    {
        shop.ShopId,
        shop.MerchantId,
        shop.Name,
        shop.TikTokName,
        shop.Region,
        Status = shop.Status.ToString(),
        Tokens = new { shop.AccessTokenExpiresAt, shop.RefreshTokenExpiresAt },
        OrderImportEnabled = shop.Settings.Orders.ImportEnabled,
        InventoryExportEnabled = shop.Settings.Inventory?.Enabled ?? false,
        shop.CreatedAt,
        shop.UpdatedAt,
    };

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Shop {ShopId} is now {Status} (key {KeyName})")]
    private partial void LogStatus(string shopId, ShopStatus status, string keyName);
}
