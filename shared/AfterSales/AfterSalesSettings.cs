namespace Connector.AfterSales;

/// <summary>A shop's after-sales choices (part of the shop's settings, section <c>afterSales</c>; support changes them on request).</summary>
public sealed class AfterSalesSettings
{
    /// <summary>
    /// Approve a buyer's cancellation request at once when the back office has not taken the order yet (OnHold, Pending,
    /// ReadyToFulfil). Released orders always wait for the back office's answer. Nothing else is ever automatic.
    /// </summary>
    public bool AutoApproveBuyerCancellations { get; set; } = true;
}
