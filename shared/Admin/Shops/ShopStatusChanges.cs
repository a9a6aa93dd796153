using Connector.Audit;
using Connector.Http;
using Connector.Shops;
using Microsoft.Extensions.Logging;

namespace Connector.Admin.Shops;

/// <summary>POST /api/admin/shops/{shopId}/pause and /resume: Active to Paused and back.</summary>
public sealed partial class ShopStatusChanges(AdminShopRecords records, AuditLog audit, TimeProvider time, ILogger<ShopStatusChanges> logger)
{
    /// <summary>POST /api/admin/shops/{shopId}/pause: Active to Paused (nothing is pulled or pushed).</summary>
    public Task<Outcome<ShopSummary>> PauseAsync(ShopOperation request, CancellationToken cancellationToken) =>
        MoveAsync(request, ShopStatus.Active, ShopStatus.Paused, AuditActions.PauseShop, cancellationToken);

    /// <summary>POST /api/admin/shops/{shopId}/resume: Paused to Active (the next pull continues from the watermark).</summary>
    public Task<Outcome<ShopSummary>> ResumeAsync(ShopOperation request, CancellationToken cancellationToken) =>
        MoveAsync(request, ShopStatus.Paused, ShopStatus.Active, AuditActions.ResumeShop, cancellationToken);

    private async Task<Outcome<ShopSummary>> MoveAsync(ShopOperation request, ShopStatus from, ShopStatus to, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var shopId = request.ShopId;
        if (await records.FindAsync(shopId, cancellationToken) is not { } shop)
        {
            return AdminShopRecords.NotFound(shopId);
        }

        if (shop.Status == to)
        {
            return Refusal.Conflict($"Shop {shopId} is {to} already.");
        }

        if (shop.Status != from)
        {
            return Refusal.Conflict($"Shop {shopId} is {shop.Status}; only {from} shops can be {(to == ShopStatus.Paused ? "paused" : "resumed")}.");
        }

        if (await records.ChangeStatusAsync(shop, to, time.GetUtcNow(), cancellationToken) is { } conflict)
        {
            return conflict;
        }

        await audit.WriteAsync(request.Caller, action, shop.ShopId, null, new { from = from.ToString(), to = to.ToString() }, cancellationToken);
        LogStatus(shop.ShopId, to, request.Caller);
        return ShopSummary.Of(shop);
    }

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Shop {ShopId} is now {Status} (key {KeyName})")]
    private partial void LogStatus(string shopId, ShopStatus status, string keyName);
}
