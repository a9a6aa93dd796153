using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Connector.Admin;

/// <summary>
/// Who made an admin call: the name of the function key. The Functions host (and tools/LocalHost, which copies it)
/// puts the key's name on the request as the <c>keyid</c> claim; when a host passes none, the caller is "function-key".
/// Locally, name keys with <c>LocalHost__FunctionKeys__{name}</c>; <c>LocalHost__FunctionKey</c> is "default" and the
/// master key "_master", as in Azure.
/// </summary>
public static class AdminCaller
{
    public const string KeyIdClaim = "http://schemas.microsoft.com/2017/07/functions/claims/keyid";
    public const string Unnamed = "function-key";

    public static string KeyName(HttpRequest request) =>
        request.HttpContext.User?.Identities
            .SelectMany(i => i.Claims)
            .FirstOrDefault(c => c.Type == KeyIdClaim && !string.IsNullOrWhiteSpace(c.Value))?.Value
        ?? Unnamed;
}
