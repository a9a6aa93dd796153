namespace Connector.Tokens;

/// <summary>Token lifecycle settings (section <c>Tokens</c>).</summary>
public sealed class TokenOptions
{
    public const string Section = "Tokens";

    /// <summary>Refresh an access token when it expires within this window (also what the timer fans out).</summary>
    public TimeSpan RefreshAhead { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Most authorizations whose tokens are kept in memory per instance.</summary>
    public int CacheSize { get; set; } = 10_000;

    /// <summary>How long a token read from Key Vault is used from memory before it is read again.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one instance holds the refresh lease of an authorization (a crashed holder frees it after this).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a caller waits for another instance's refresh before giving up (transient).</summary>
    public TimeSpan LeaseWaitTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public TimeSpan LeasePollInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
