namespace Connector.Onboarding;

/// <summary>Onboarding settings (section <c>Onboarding</c>).</summary>
public sealed class OnboardingOptions
{
    public const string Section = "Onboarding";

    /// <summary>
    /// Base address of the links the connector hands out (e.g. https://func-abc.azurewebsites.net). Empty: the address of
    /// the request, or https://{WEBSITE_HOSTNAME} where there is no request (timer, queue).
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>Azure's WEBSITE_HOSTNAME (set by the platform), the fallback base address outside a request.</summary>
    [Setting("WEBSITE_HOSTNAME")]
    public string? HostName { get; set; }

    /// <summary>How long an onboarding link works.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a state (one opened link) may take to come back through the callback.</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// TikTok's current authorize form may drop <c>state</c>: a callback without it is stored as an unassigned
    /// authorization with a support case. False: such a callback is refused like a bad state.
    /// </summary>
    public bool AcceptCallbacksWithoutState { get; set; } = true;

    /// <summary>The Key Vault secret holding the key that signs onboarding links (created on first use).</summary>
    public string LinkSigningKeySecretName { get; set; } = "onboarding-link-key";

    /// <summary>How long a second identical callback waits for the first one to finish.</summary>
    public TimeSpan DuplicateCallbackWait { get; set; } = TimeSpan.FromSeconds(20);
}
