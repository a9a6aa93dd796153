using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Connector.Telemetry;

/// <summary>
/// Reads the two settings App Service and the Functions host use for Application Insights:
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> (telemetry is off without it) and
/// <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>Authorization=AAD;ClientId=...</c> when the component
/// has local auth off, as infra/ deploys it).
/// </summary>
public static class TelemetrySettings
{
    public const string ConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringKey = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    public static string? ConnectionString(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[ConnectionStringKey];
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    public static bool IsEnabled(IConfiguration configuration) => ConnectionString(configuration) is not null;

    /// <summary>
    /// The credential to send telemetry with: a managed identity when the authentication string says
    /// <c>Authorization=AAD</c> (user-assigned when it names a <c>ClientId</c>), otherwise none (instrumentation key).
    /// </summary>
    public static TokenCredential? Credential(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var parts = ParseAuthenticationString(configuration[AuthenticationStringKey]);
        if (!parts.TryGetValue("Authorization", out var authorization)
            || !string.Equals(authorization, "AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId) && !string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }

    internal static Dictionary<string, string> ParseAuthenticationString(string? value)
    {
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pair in (value ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                parts[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
            }
        }

        return parts;
    }
}
