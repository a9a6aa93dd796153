using System.Text.RegularExpressions;
using Connector.TikTok.Api;

namespace Connector.Labels;

/// <summary>Per-shop label choices, in the shop's settings area (<c>Settings.Labels</c>), set by support with the settings PATCH.</summary>
public sealed class LabelSettings
{
    public const string A6 = "A6";
    public const string A5 = "A5";

    /// <summary>TikTok's shipping service id to buy labels with when the request names none (US); unset or not offered: the cheapest.</summary>
    public string? DefaultShippingServiceId { get; set; }

    /// <summary>Label size: <c>A6</c> (TikTok's default, 4x6 in) or <c>A5</c>.</summary>
    public string? LabelSize { get; set; }

    /// <summary>Also fetch TikTok's packing slip for each label (default on).</summary>
    public bool? PackingSlip { get; set; }

    /// <summary>
    /// Where TikTok arranges the handover (UK/EU): <c>DROP_OFF</c> or <c>PICKUP</c> (the first free slot). Unset: drop-off
    /// where TikTok allows it, else pickup.
    /// </summary>
    public string? HandoverMethod { get; set; }

    public IReadOnlyCollection<string> Validate()
    {
        var problems = new List<string>();
        if (DefaultShippingServiceId is { } service && (string.IsNullOrWhiteSpace(service) || !Regex.IsMatch(service, "^[A-Za-z0-9._-]{1,64}$")))
        {
            problems.Add("defaultShippingServiceId must be TikTok's shipping service id (letters, digits, '.', '_', '-'; use null to clear it)");
        }

        if (LabelSize is { } size && size is not (A6 or A5))
        {
            problems.Add("labelSize must be A6 or A5");
        }

        if (HandoverMethod is { } method && method is not (TikTokHandoverMethods.DropOff or TikTokHandoverMethods.Pickup))
        {
            problems.Add("handoverMethod must be DROP_OFF or PICKUP");
        }

        return problems;
    }
}
