using System.Reflection;
using System.Security.Cryptography;
using Connector.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Connector.SupportConsole;

/// <summary>GET /api/console/{*path}: the file asked for, the path as requested (for the trailing-slash redirect) and the caller's cached ETags.</summary>
public sealed record ConsoleFileRequest(string? Path, string RequestPath, string QueryString, IReadOnlyList<string> IfNoneMatch)
{
    public static ConsoleFileRequest Bind(RequestReader r, string? path)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ConsoleFileRequest(path, r.PathAndBase, r.QueryString, r.Headers("If-None-Match"));
    }
}

/// <summary>
/// The support console: a small browser app (HTML, CSS and JavaScript modules under <c>shared/SupportConsole/wwwroot</c>,
/// embedded in this assembly) served by the function app itself at <c>/api/console/</c>, so it needs no CDN and no
/// internet. It holds no data: every page calls the admin API, which checks who is signed in. In Azure, App Service
/// Authentication (Microsoft Entra ID) protects this path too; locally the local host's development sign-in.
/// </summary>
public sealed class ConsoleFiles
{
    private const string ResourcePrefix = "Console/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
        [".png"] = "image/png",
        [".ico"] = "image/x-icon",
        [".json"] = "application/json",
    };

    /// <summary>Only same-origin scripts, styles and calls; no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private readonly Dictionary<string, (byte[] Content, string ContentType, string ETag)> files;

    public ConsoleFiles()
    {
        var assembly = typeof(ConsoleFiles).Assembly;
        files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(n => n[ResourcePrefix.Length..], n => Load(assembly, n), StringComparer.Ordinal);
    }

    /// <summary>The files the console is made of (relative paths).</summary>
    public IReadOnlyCollection<string> Paths => files.Keys;

    /// <summary>GET /api/console/{*path}: a file of the console; the bare folder is <c>index.html</c>.</summary>
    public Task<Outcome<object>> GetAsync(ConsoleFileRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = request.Path;
        if (string.IsNullOrEmpty(path))
        {
            // Relative links in the page need the trailing slash.
            if (!request.RequestPath.EndsWith('/'))
            {
                return Task.FromResult<Outcome<object>>(new RedirectBody(new Uri(request.RequestPath + "/" + request.QueryString, UriKind.Relative)));
            }

            path = "index.html";
        }

        if (!files.TryGetValue(path, out var file))
        {
            return Task.FromResult<Outcome<object>>(Refusal.NotFound($"The console has no file {path}."));
        }

        var headers = new Dictionary<string, string>
        {
            ["Cache-Control"] = "no-cache",
            ["ETag"] = file.ETag,
            ["X-Content-Type-Options"] = "nosniff",
            ["Referrer-Policy"] = "no-referrer",
            ["Content-Security-Policy"] = ContentSecurityPolicy,
        };
        object body = request.IfNoneMatch.Contains(file.ETag) ? new NotModifiedBody() : new FileBody(file.Content, file.ContentType);
        return Task.FromResult(Outcome<object>.Ok(body) with { Headers = headers });
    }

    private static (byte[], string, string) Load(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.ToArray();
        var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
        return (bytes, type, "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
    }
}
