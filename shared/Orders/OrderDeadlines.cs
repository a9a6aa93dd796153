using Connector.TikTok.Api;

namespace Connector.Orders;

/// <summary>
/// TikTok's deadlines for an order, from order detail (all optional; TikTok sends what applies to the order's market).
/// <see cref="ShipBy"/> is what a warehouse works to: the earlier of the ship-by time (<c>rts_sla_time</c>) and the time
/// after which TikTok cancels an order not yet handed over (<c>shipping_due_time</c>).
/// </summary>
public sealed record OrderDeadlines
{
    public static readonly OrderDeadlines None = new();

    /// <summary><c>rts_sla_time</c>: the latest shipping time TikTok sets (late after it: late-dispatch penalties).</summary>
    public DateTimeOffset? RtsSla { get; init; }

    /// <summary><c>tts_sla_time</c>: the latest collection time by the carrier.</summary>
    public DateTimeOffset? TtsSla { get; init; }

    /// <summary><c>shipping_due_time</c>: not AWAITING_COLLECTION by then and TikTok cancels the order.</summary>
    public DateTimeOffset? ShippingDue { get; init; }

    /// <summary><c>collection_due_time</c>: not IN_TRANSIT by then and TikTok cancels the order.</summary>
    public DateTimeOffset? CollectionDue { get; init; }

    /// <summary><c>delivery_sla_time</c>: to arrive by then to count as on time.</summary>
    public DateTimeOffset? DeliverySla { get; init; }

    /// <summary><c>delivery_due_time</c>: not DELIVERED by then and TikTok cancels the order.</summary>
    public DateTimeOffset? DeliveryDue { get; init; }

    /// <summary><c>cancel_order_sla_time</c>: TikTok's automatic cancellation time.</summary>
    public DateTimeOffset? CancelOrderSla { get; init; }

    /// <summary><c>pick_up_cut_off_time</c> (Southeast Asia): picked up by then.</summary>
    public DateTimeOffset? PickUpCutOff { get; init; }

    /// <summary>The ship-by deadline the back office filters and sorts on.</summary>
    public DateTimeOffset? ShipBy => Earliest(RtsSla, ShippingDue);

    /// <summary>The collect-by deadline (the carrier must have the parcel).</summary>
    public DateTimeOffset? CollectBy => Earliest(TtsSla, CollectionDue);

    public static OrderDeadlines From(TikTokOrder order) => new()
    {
        RtsSla = Time(order.RtsSlaTime),
        TtsSla = Time(order.TtsSlaTime),
        ShippingDue = Time(order.ShippingDueTime),
        CollectionDue = Time(order.CollectionDueTime),
        DeliverySla = Time(order.DeliverySlaTime),
        DeliveryDue = Time(order.DeliveryDueTime),
        CancelOrderSla = Time(order.CancelOrderSlaTime),
        PickUpCutOff = Time(order.PickUpCutOffTime),
    };

    private static DateTimeOffset? Time(long? seconds) => seconds is > 0 ? DateTimeOffset.FromUnixTimeSeconds(seconds.Value) : null;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => (a, b) switch
    {
        ({ } x, { } y) => x <= y ? x : y,
        _ => a ?? b,
    };
}

/// <summary>Where an open order stands against its ship-by deadline.</summary>
public enum DeadlineStatus
{
    /// <summary>Not an open order (nothing to ship), or TikTok gave no ship-by time.</summary>
    None,

    /// <summary>The ship-by time has passed and the order is not shipped.</summary>
    Late,

    /// <summary>Due before the end of today (in the chosen time zone), not late yet.</summary>
    DueToday,

    DueTomorrow,

    /// <summary>Due after tomorrow.</summary>
    Later,
}

/// <summary>Late / due today / due tomorrow, for the back-office filter and the admin summary (pure).</summary>
public static class DeadlineRules
{
    /// <summary>The states in which an order still has to be shipped by the warehouse.</summary>
    public static bool IsOpen(OrderState state) => state is OrderState.Pending or OrderState.ReadyToFulfil or OrderState.Released;

    public static DeadlineStatus Classify(OrderState state, DateTimeOffset? shipBy, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (!IsOpen(state) || shipBy is not { } due)
        {
            return DeadlineStatus.None;
        }

        if (due < now)
        {
            return DeadlineStatus.Late;
        }

        var (tomorrow, dayAfter) = DayBoundaries(now, zone);
        return due < tomorrow ? DeadlineStatus.DueToday : due < dayAfter ? DeadlineStatus.DueTomorrow : DeadlineStatus.Later;
    }

    /// <summary>The start of tomorrow and of the day after, in <paramref name="zone"/>, as instants.</summary>
    public static (DateTimeOffset Tomorrow, DateTimeOffset DayAfter) DayBoundaries(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var today = local.Date;
        return (StartOf(today.AddDays(1), zone), StartOf(today.AddDays(2), zone));
    }

    private static DateTimeOffset StartOf(DateTime day, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(day, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddMinutes(30); // a day that starts inside a DST gap
        }

        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }

    /// <summary>An IANA (or Windows) time zone id; UTC when empty; null when unknown.</summary>
    public static TimeZoneInfo? Zone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return TimeZoneInfo.Utc;
        }

        // Ids are short ASCII names like Europe/London; anything else is not looked up (the lookup reads files).
        if (id.Length > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+') || id.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

/// <summary>The buyer changed the address after the back office took the order: what it was, what it is, and the support case.</summary>
public sealed record OrderAddressChange(DateTimeOffset At, OrderRecipient? Previous, OrderRecipient? Current, string? SupportCaseId);

/// <summary>Keeps the stored packages' TikTok status and tracking in step with the order's line items (pure).</summary>
public static class OrderPackageSync
{
    public static IReadOnlyList<OrderPackage> Merge(IReadOnlyList<OrderPackage> packages, IReadOnlyList<TikTokLineItem> lineItems)
    {
        if (packages.Count == 0)
        {
            return packages;
        }

        return packages.Select(p =>
        {
            if (string.IsNullOrEmpty(p.PackageId) || p.Status == TikTokPackageStatus.Cancelled)
            {
                return p;
            }

            var items = lineItems.Where(l => l.PackageId == p.PackageId).ToList();
            if (items.Count == 0)
            {
                return p;
            }

            var status = items.Select(l => l.PackageStatus).FirstOrDefault(s => !string.IsNullOrEmpty(s)) ?? p.Status;
            var tracking = items.Select(l => l.TrackingNumber).FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? p.TrackingNumber;
            var providerId = items.Select(l => l.ShippingProviderId).FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? p.ShippingProviderId;
            var providerName = items.Select(l => l.ShippingProviderName).FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? p.ShippingProviderName;
            return p with { Status = status, TrackingNumber = tracking, ShippingProviderId = providerId, ShippingProviderName = providerName };
        }).ToArray();
    }
}
