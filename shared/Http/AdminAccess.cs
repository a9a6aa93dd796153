using Microsoft.Extensions.Configuration;

namespace Connector.Http;

/// <summary>
/// The gate in front of every admin endpoint. The admin functions are anonymous to the Functions host, because App
/// Service Authentication (Microsoft Entra ID, configured by infra/) is what protects <c>/api/admin</c> and the console in
/// Azure, and a browser has no function key. So the app itself refuses a request that brings neither a signed-in person
/// nor a function key the host checked: 401 problem+json, before the handler runs, so nothing changes.
/// </summary>
public sealed class AdminAccess(IConfiguration configuration)
{
    /// <summary>Set by App Service when its authentication is on (then it strips the principal headers from incoming requests); tools/LocalHost sets it too.</summary>
    public const string AuthEnabledSetting = "WEBSITE_AUTH_ENABLED";

    /// <summary>The refusal of an admin call from nobody known.</summary>
    public static readonly Refusal SignInRequired = new(RefusalKind.Unauthenticated,
        "Sign in to the console (/.auth/login/aad, or /.auth/login/dev on the local host) or send a function key; nothing was changed.") { Title = "Sign-in required" };

    /// <summary>Whether the platform's principal headers can be believed.</summary>
    public bool TrustsPrincipalHeaders => string.Equals(configuration[AuthEnabledSetting], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>GET /api/admin/me: who the admin API takes the caller to be (the console shows it).</summary>
    public Task<Outcome<AdminMe>> MeAsync(WhoAmI request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var caller = request.Caller;
        return Task.FromResult<Outcome<AdminMe>>(new AdminMe(caller.Name, caller.Id, caller.Via, caller.Provider));
    }
}

/// <summary>GET /api/admin/me: the caller the admin edge let in.</summary>
public sealed record WhoAmI(AdminIdentity Caller)
{
    public static WhoAmI Bind(RequestReader r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new WhoAmI(r.Identity ?? new AdminIdentity(r.Caller, null, AdminCaller.ViaKey, null));
    }
}

/// <summary>Who the admin API takes the caller to be: a person's name (or a key's), their id at the identity provider, how they came in.</summary>
public sealed record AdminMe(string Name, string? Id, string Via, string? Provider);
