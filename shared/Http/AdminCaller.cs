using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Connector.Http;

/// <summary>Who made an admin call: a signed-in person (App Service Authentication) or a function key.</summary>
/// <param name="Name">What the audit log records: the person's name (e.g. their e-mail) or the key's name.</param>
/// <param name="Id">The person's id at the identity provider (Entra object id); null for a key.</param>
/// <param name="Via"><see cref="AdminCaller.ViaSignIn"/> or <see cref="AdminCaller.ViaKey"/>.</param>
/// <param name="Provider">The identity provider (<c>aad</c> in Azure, <c>dev</c> for the local host's sign-in); null for a key.</param>
public sealed record AdminIdentity(string Name, string? Id, string Via, string? Provider);

/// <summary>
/// Reads who is calling the admin API. In Azure, App Service Authentication (Easy Auth, Microsoft Entra ID) signs
/// people in and passes the principal to the app in request headers: <c>X-MS-CLIENT-PRINCIPAL</c> (base64 JSON with the
/// claims), <c>X-MS-CLIENT-PRINCIPAL-NAME</c> and <c>-ID</c>; the platform removes those headers from incoming requests, so
/// they are trusted only when it says authentication is on (<c>WEBSITE_AUTH_ENABLED</c>; tools/LocalHost's development
/// sign-in does the same). A function key is named by the <c>keyid</c> claim the host puts on a request whose key it
/// checked (tools/LocalHost does; the isolated worker in Azure does not see it).
/// </summary>
public static class AdminCaller
{
    public const string KeyIdClaim = "http://schemas.microsoft.com/2017/07/functions/claims/keyid";
    public const string Unnamed = "function-key";
    public const string ViaSignIn = "sign-in";
    public const string ViaKey = "key";

    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string PrincipalNameHeader = "X-MS-CLIENT-PRINCIPAL-NAME";
    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";
    public const string PrincipalIdpHeader = "X-MS-CLIENT-PRINCIPAL-IDP";

    private const string ItemKey = "Connector.Admin.Caller";

    // Claims that name a person, best first (Entra ID tokens, then generic ones).
    private static readonly string[] NameClaims =
    [
        "preferred_username", "upn", "email", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
    ];

    private static readonly string[] IdClaims = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid", "sub", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/nameidentifier"];

    /// <summary>
    /// The name the audit log records for this request: the signed-in person, else the function key's name.
    /// (Kept under its old name: every admin write calls it.)
    /// </summary>
    public static string KeyName(HttpRequest request) =>
        (request.HttpContext.Items.TryGetValue(ItemKey, out var who) && who is AdminIdentity identity ? identity : Identify(request, trustPrincipalHeaders: false))?.Name
        ?? Unnamed;

    /// <summary>The caller <see cref="AdminAccess"/> let in, if it ran for this request.</summary>
    public static AdminIdentity? Current(HttpRequest request) =>
        request.HttpContext.Items.TryGetValue(ItemKey, out var who) ? who as AdminIdentity : null;

    internal static void Remember(HttpRequest request, AdminIdentity identity) => request.HttpContext.Items[ItemKey] = identity;

    /// <summary>The signed-in person (when the headers are trusted), else the checked function key, else null.</summary>
    public static AdminIdentity? Identify(HttpRequest request, bool trustPrincipalHeaders)
    {
        if (trustPrincipalHeaders && FromPrincipalHeaders(request.Headers) is { } person)
        {
            return person;
        }

        var keyName = request.HttpContext.User?.Identities
            .SelectMany(i => i.Claims)
            .FirstOrDefault(c => c.Type == KeyIdClaim && !string.IsNullOrWhiteSpace(c.Value))?.Value;
        return keyName is null ? null : new AdminIdentity(keyName, null, ViaKey, null);
    }

    /// <summary>The person in App Service Authentication's headers, or null when there is none (or it names nobody).</summary>
    public static AdminIdentity? FromPrincipalHeaders(IHeaderDictionary headers)
    {
        var name = Clean(headers[PrincipalNameHeader].FirstOrDefault());
        var id = Clean(headers[PrincipalIdHeader].FirstOrDefault());
        var provider = Clean(headers[PrincipalIdpHeader].FirstOrDefault());
        if (Clean(headers[PrincipalHeader].FirstOrDefault()) is { } encoded && Decode(encoded) is { } principal)
        {
            provider ??= principal.Provider;
            name ??= principal.Claim(principal.NameType) ?? NameClaims.Select(principal.Claim).FirstOrDefault(v => v is not null);
            id ??= IdClaims.Select(principal.Claim).FirstOrDefault(v => v is not null);
        }

        name ??= id;
        return name is null ? null : new AdminIdentity(name, id, ViaSignIn, provider);
    }

    private static string? Clean(string? value)
    {
        var trimmed = value?.Trim();
        return string.IsNullOrEmpty(trimmed) || trimmed.Length > 4096 || trimmed.Any(char.IsControl) ? null : trimmed;
    }

    private sealed record Principal(string? Provider, string? NameType, IReadOnlyList<(string Type, string Value)> Claims)
    {
        public string? Claim(string? type) => type is null ? null : Claims.Where(c => c.Type == type).Select(c => Clean(c.Value)).FirstOrDefault(v => v is not null);
    }

    /// <summary>X-MS-CLIENT-PRINCIPAL: base64 of {"auth_typ": "aad", "name_typ": "...", "role_typ": "...", "claims": [{"typ": "...", "val": "..."}]}.</summary>
    private static Principal? Decode(string encoded)
    {
        try
        {
            var padded = encoded.Replace('-', '+').Replace('_', '/');
            padded = padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '=');
            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(padded)));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var claims = new List<(string, string)>();
            if (root.TryGetProperty("claims", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                foreach (var claim in list.EnumerateArray())
                {
                    if (claim.ValueKind == JsonValueKind.Object && String(claim, "typ") is { } type && String(claim, "val") is { } value)
                    {
                        claims.Add((type, value));
                    }
                }
            }

            return new Principal(String(root, "auth_typ"), String(root, "name_typ"), claims);
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
