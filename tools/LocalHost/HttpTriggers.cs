using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Connector.LocalHost;

/// <summary>Maps HTTP-triggered functions onto ASP.NET Core routes, enforcing methods and authorization levels.</summary>
public static class HttpTriggers
{
    public const string FunctionKeySetting = "LocalHost:FunctionKey";
    public const string MasterKeySetting = "LocalHost:MasterKey";

    /// <summary>More named function keys: <c>LocalHost__FunctionKeys__{name}</c> = key (the name is what the audit log records).</summary>
    public const string NamedFunctionKeysSection = "LocalHost:FunctionKeys";

    /// <summary>The claims the Functions host puts on a key-authorized request: which key, at which level.</summary>
    public const string KeyIdClaim = "http://schemas.microsoft.com/2017/07/functions/claims/keyid";
    public const string AuthLevelClaim = "http://schemas.microsoft.com/2017/07/functions/claims/authlevel";

    public static IReadOnlyList<string> Map(IEndpointRouteBuilder endpoints, IEnumerable<FunctionDefinition> functions, string routePrefix)
    {
        var described = new List<string>();
        foreach (var function in functions.Where(f => f.Kind == TriggerKind.Http))
        {
            var trigger = function.Trigger;
            var route = "/" + string.Join('/', new[] { routePrefix, trigger.Route ?? function.Name }.Where(s => !string.IsNullOrEmpty(s)).Select(s => s.Trim('/')));
            var methods = trigger.Methods is { Count: > 0 } m ? m.Select(x => x.ToUpperInvariant()).ToArray() : ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];
            endpoints.MapMethods(route, methods, context => HandleAsync(context, function, trigger.AuthLevel)).WithDisplayName(function.Name);
            described.Add($"{function.Name}: [{string.Join(',', methods)}] {route} ({trigger.AuthLevel})");
        }

        return described;
    }

    private static async Task HandleAsync(HttpContext context, FunctionDefinition function, AuthorizationLevel level)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Function." + function.Name);
        if (!IsAuthorized(context.Request, level, services.GetRequiredService<IConfiguration>(), out var keyName))
        {
            // The Functions host answers a missing or wrong key with a bare 401.
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (keyName is not null)
        {
            context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(KeyIdClaim, keyName), new System.Security.Claims.Claim(AuthLevelClaim, keyName == MasterKeyName ? "Admin" : "Function")],
                "WebJobsAuthLevel"));
        }

        object? result;
        try
        {
            result = await FunctionInvoker.InvokeAsync(services, function, p => Bind(p, context));
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            // The same answer the worker's UnhandledExceptionMiddleware gives in Azure.
            await Connector.Http.UnhandledProblem.WriteAsync(context, ex, function.Name, logger);
            return;
        }

        var actionContext = new ActionContext(context, context.GetRouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor());
        switch (result)
        {
            case IActionResult actionResult:
                await actionResult.ExecuteResultAsync(actionContext);
                break;
            case IResult httpResult:
                await httpResult.ExecuteAsync(context);
                break;
            case null:
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
            default:
                await new OkObjectResult(result).ExecuteResultAsync(actionContext);
                break;
        }
    }

    /// <summary>The names keys have in the Functions host: the default function key and the master key.</summary>
    public const string DefaultKeyName = "default";
    public const string MasterKeyName = "_master";

    /// <summary>Whether the request's key opens a route of <paramref name="level"/>; <paramref name="keyName"/> names the key that did.</summary>
    internal static bool IsAuthorized(HttpRequest request, AuthorizationLevel level, IConfiguration configuration, out string? keyName)
    {
        keyName = null;
        if (level == AuthorizationLevel.Anonymous)
        {
            return true;
        }

        var presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        var accepted = new List<(string Name, string? Key)> { (MasterKeyName, configuration[MasterKeySetting]) };
        if (level is not (AuthorizationLevel.Admin or AuthorizationLevel.System))
        {
            accepted.Add((DefaultKeyName, configuration[FunctionKeySetting]));
            accepted.AddRange(configuration.GetSection(NamedFunctionKeysSection).GetChildren().Select(c => (c.Key, c.Value)));
        }

        foreach (var (name, key) in accepted)
        {
            if (!string.IsNullOrEmpty(key) && FixedTimeEquals(key, presented))
            {
                keyName = name;
                return true;
            }
        }

        return false;
    }

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));

    private static object? Bind(ParameterInfo parameter, HttpContext context)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return context.Request;
        }

        if (type == typeof(HttpContext))
        {
            return context;
        }

        if (type == typeof(CancellationToken))
        {
            return context.RequestAborted;
        }

        // Route values bind to parameters of the same name, as in the worker's HTTP model.
        if (parameter.Name is { } name && context.Request.RouteValues.TryGetValue(name, out var value) && value is not null)
        {
            var converter = TypeDescriptor.GetConverter(Nullable.GetUnderlyingType(type) ?? type);
            return converter.ConvertFrom(null, CultureInfo.InvariantCulture, value.ToString()!);
        }

        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }

        return context.RequestServices.GetService(type)
            ?? throw new InvalidOperationException($"Cannot bind parameter {parameter.Name} of type {type.Name}.");
    }
}
