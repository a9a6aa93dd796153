using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Http;

/// <summary>Page sizes and the continuation tokens every list gives out and reads back (<see cref="RequestReader.Continuation"/>).</summary>
public static partial class AdminRequest
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>
    /// The continuation token this API gives out: the table's own token, base64url-encoded, with a short checksum so
    /// that a token this API did not give out (typed by hand, cut off, from another list) is refused with a 400
    /// instead of silently starting the list somewhere else.
    /// </summary>
    public static string? Continuation(string? tableToken) => tableToken is null ? null
        : Base64Url(System.Text.Encoding.UTF8.GetBytes(tableToken)) + "." + Checksum(tableToken);

    /// <summary>A <c>continuationToken</c> this API gave out turned back into the table's token; false for any other text.</summary>
    public static bool TryContinuation(string? text, out string? tableToken)
    {
        tableToken = null;
        if (text is null)
        {
            return true;
        }

        var dot = text.LastIndexOf('.');
        try
        {
            if (text.Length <= 4096 && dot > 0)
            {
                var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(FromBase64Url(text[..dot])));
                if (Checksum(decoded) == text[(dot + 1)..])
                {
                    tableToken = decoded;
                    return true;
                }
            }
        }
        catch (FormatException)
        {
        }

        return false;
    }

    private static string Checksum(string token) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("continuation|" + token)))[..12];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return padded + new string('=', (4 - (padded.Length % 4)) % 4);
    }
}
