using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KeyVaultEmulator;

public sealed class KeyVaultEmulatorOptions
{
    /// <summary>Where the certificate and the secrets are kept across restarts.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; } = 7073;

    public string TenantId { get; init; } = "00000000-0000-0000-0000-000000000000";

    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Warning;
}

/// <summary>
/// The Key Vault secrets API over HTTPS on 127.0.0.1: an unauthenticated request gets the same 401
/// challenge Azure answers; with any bearer token, secrets can be set (a new version each time),
/// read (latest or by version), listed and deleted. Soft delete is off, so deletes are final.
/// </summary>
public sealed partial class KeyVaultEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private KeyVaultEmulatorServer(WebApplication app, Uri vaultUri, string certificatePath)
    {
        this.app = app;
        VaultUri = vaultUri;
        CertificatePath = certificatePath;
    }

    public Uri VaultUri { get; }

    /// <summary>The PEM certificate a client pins to trust this emulator and nothing else.</summary>
    public string CertificatePath { get; }

    public static async Task<KeyVaultEmulatorServer> StartAsync(KeyVaultEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        var certificate = EmulatorCertificate.LoadOrCreate(options.DataDirectory);
        var store = new SecretStore(options.DataDirectory);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        Map(app, store, options.TenantId);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        return new KeyVaultEmulatorServer(app, new Uri($"https://127.0.0.1:{port}/"), Path.Combine(options.DataDirectory, EmulatorCertificate.PublicFileName));
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static void Map(WebApplication app, SecretStore store, string tenantId)
    {
        app.Use(async (context, next) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= "Bearer ".Length)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate =
                    $"Bearer authorization=\"https://login.microsoftonline.com/{tenantId}\", resource=\"https://vault.azure.net\"";
                await context.Response.WriteAsJsonAsync(Error("Unauthorized", "AKV10000: Request is missing a Bearer or PoP token."));
                return;
            }

            await next(context);
        });

        app.MapPut("/secrets/{name}", async (string name, HttpContext context) =>
        {
            if (!ValidName().IsMatch(name))
            {
                return Results.Json(Error("BadParameter", "The secret name must be 1-127 letters, digits and dashes."), statusCode: 400);
            }

            JsonNode? body;
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            }
            catch (JsonException)
            {
                return Results.Json(Error("BadParameter", "The request body is not JSON."), statusCode: 400);
            }

            if (body?["value"]?.GetValueKind() != JsonValueKind.String)
            {
                return Results.Json(Error("BadParameter", "Property 'value' is required."), statusCode: 400);
            }

            var tags = body["tags"] is JsonObject t ? t.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? string.Empty) : null;
            var enabled = body["attributes"]?["enabled"]?.GetValue<bool>() ?? true;
            var version = store.Set(name, body["value"]!.GetValue<string>(), body["contentType"]?.GetValue<string>(), tags, enabled);
            return Results.Json(Bundle(context, name, version));
        });

        app.MapGet("/secrets/{name}/versions", (string name, HttpContext context) =>
            Results.Json(new { value = store.Versions(name).Select(v => Item(context, name, v, withVersion: true)), nextLink = (string?)null }));

        app.MapGet("/secrets/{name}/{version?}", (string name, string? version, HttpContext context) =>
            store.Get(name, version) is { } found
                ? Results.Json(Bundle(context, name, found))
                : NotFound(name));

        app.MapGet("/secrets", (HttpContext context) =>
            Results.Json(new { value = store.List().Select(s => Item(context, s.Name, s.Latest, withVersion: false)), nextLink = (string?)null }));

        app.MapDelete("/secrets/{name}", (string name, HttpContext context) =>
        {
            if (store.Delete(name) is not { } deleted)
            {
                return NotFound(name);
            }

            // No recoveryId: soft delete is disabled, so the client's delete operation completes at once.
            var bundle = Bundle(context, name, deleted);
            bundle["deletedDate"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            return Results.Json(bundle);
        });

        app.MapGet("/deletedsecrets/{name}", (string name) => Results.Json(Error("SecretNotFound", $"Deleted secret {name} not found (soft delete is off)."), statusCode: 404));
    }

    private static IResult NotFound(string name) =>
        Results.Json(Error("SecretNotFound", $"A secret with (name/id) {name} was not found in this key vault."), statusCode: 404);

    private static object Error(string code, string message) => new { error = new { code, message } };

    private static string Vault(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}";

    private static Dictionary<string, object?> Bundle(HttpContext context, string name, SecretVersion v) => new()
    {
        ["value"] = v.Value,
        ["id"] = $"{Vault(context)}/secrets/{name}/{v.Version}",
        ["contentType"] = v.ContentType,
        ["attributes"] = Attributes(v),
        ["tags"] = v.Tags ?? [],
    };

    private static object Item(HttpContext context, string name, SecretVersion v, bool withVersion) => new
    {
        id = withVersion ? $"{Vault(context)}/secrets/{name}/{v.Version}" : $"{Vault(context)}/secrets/{name}",
        contentType = v.ContentType,
        attributes = Attributes(v),
        tags = v.Tags ?? [],
    };

    private static object Attributes(SecretVersion v) => new { enabled = v.Enabled, created = v.Created, updated = v.Updated, recoveryLevel = "Purgeable" };

    [GeneratedRegex("^[0-9a-zA-Z-]{1,127}$")]
    private static partial Regex ValidName();
}
