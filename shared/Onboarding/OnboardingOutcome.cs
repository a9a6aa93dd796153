namespace Connector.Onboarding;

/// <summary>Why a callback (or a pasted redirect URL) was refused. Nothing is stored for any of them.</summary>
public enum OnboardingError
{
    MissingCode,
    MissingState,
    UnknownState,
    ExpiredState,
    ReusedState,
    CodeRejected,
    TikTokUnreachable,
    ShopLinkedElsewhere,
    StillInProgress,

    /// <summary>The seller declined on TikTok: TikTok redirects with <c>code=null&amp;error=auth_denied</c>; no token exchange.</summary>
    AuthorizationDenied,
}

/// <summary>A shop as the result page shows it.</summary>
public sealed record OutcomeShop(string ShopId, string Name, string Region, string Status, bool Created);

/// <summary>
/// The result of a callback: stored with the callback's claim, so opening the same callback again shows the same result.
/// Holds ids, names and statuses only.
/// </summary>
public sealed record OnboardingOutcome
{
    public bool Succeeded => Error is null;
    public OnboardingError? Error { get; init; }

    /// <summary>What went wrong, for the page and the log line (never a code, token or secret).</summary>
    public string? Reason { get; init; }
    public required string Reference { get; init; }
    public string? MerchantId { get; init; }
    public string? AuthorizationId { get; init; }

    /// <summary>True when TikTok dropped the state: support assigns the authorization to a merchant.</summary>
    public bool Unassigned { get; init; }
    public IReadOnlyList<OutcomeShop> Shops { get; init; } = [];

    public static OnboardingOutcome Failed(OnboardingError error, string reason, string reference) => new() { Error = error, Reason = reason, Reference = reference };
}

internal sealed class OnboardingRefused(OnboardingError error, string reason) : Exception(reason)
{
    public OnboardingError Error { get; } = error;
}
