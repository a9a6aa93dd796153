using System.Reflection;
using System.Text.RegularExpressions;
using Connector.Functions.Health;
using Connector.Testing;
using Microsoft.Azure.Functions.Worker;

namespace Connector.EndToEndTests.Admin;

/// <summary>docs/openapi.yaml describes exactly the HTTP functions there are, with their methods.</summary>
public sealed partial class OpenApiTests
{
    [GeneratedRegex(@"^  (/[^\s:]*):\s*$")]
    private static partial Regex PathLine();

    [GeneratedRegex(@"^    (get|put|post|patch|delete|head|options):\s*$")]
    private static partial Regex MethodLine();

    private static IEnumerable<string> FromFunctions() =>
        typeof(HealthFunction).Assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
            .SelectMany(t => t.Methods!.Select(method => $"{method.ToUpperInvariant()} /{t.Route!.Trim('/')}"));

    private static IEnumerable<string> FromDocument()
    {
        string? path = null;
        var inPaths = false;
        foreach (var line in File.ReadLines(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "openapi.yaml")))
        {
            if (!line.StartsWith(' ') && line.Length > 0)
            {
                inPaths = line.StartsWith("paths:", StringComparison.Ordinal);
                continue;
            }

            if (!inPaths)
            {
                continue;
            }

            if (PathLine().Match(line) is { Success: true } p)
            {
                path = p.Groups[1].Value;
            }
            else if (MethodLine().Match(line) is { Success: true } m && path is not null)
            {
                yield return $"{m.Groups[1].Value.ToUpperInvariant()} {path}";
            }
        }
    }

    [Test]
    public void Openapi_yaml_lists_every_http_function_and_nothing_else()
    {
        var functions = FromFunctions().Order(StringComparer.Ordinal).ToArray();
        var documented = FromDocument().Order(StringComparer.Ordinal).ToArray();
        Assert.That(functions, Is.Not.Empty);
        Assert.That(documented.Except(functions), Is.Empty, "documented but no such function");
        Assert.That(functions.Except(documented), Is.Empty, "functions missing from docs/openapi.yaml");
        Assert.That(documented, Is.Unique);
    }

    /// <summary>Admin and console routes are anonymous to the Functions host, but sign-in (App Service Authentication) protects them.</summary>
    private static bool BehindSignIn(string route) => route.StartsWith("/admin/", StringComparison.Ordinal) || route.StartsWith("/console/", StringComparison.Ordinal);

    [Test]
    public void Anonymous_functions_are_marked_without_security_in_openapi_yaml()
    {
        var anonymous = typeof(HealthFunction).Assembly.GetExportedTypes().SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).OfType<HttpTriggerAttribute>())
            .Where(t => t.AuthLevel == AuthorizationLevel.Anonymous)
            .Select(t => "/" + t.Route!.Trim('/'))
            .Where(route => !BehindSignIn(route))
            .ToHashSet();
        var text = File.ReadAllLines(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "openapi.yaml"));
        string? path = null;
        var open = new HashSet<string>();
        foreach (var line in text)
        {
            if (PathLine().Match(line) is { Success: true } p)
            {
                path = p.Groups[1].Value;
            }
            else if (line.Trim() == "security: []" && path is not null)
            {
                open.Add(path);
            }
        }

        Assert.That(open, Is.EquivalentTo(anonymous));
    }

    [Test]
    public void Admin_and_console_operations_name_the_sign_in_in_openapi_yaml()
    {
        string? path = null;
        var operations = 0;
        var signedIn = 0;
        foreach (var line in File.ReadLines(Path.Combine(TestEnvironment.RepositoryRoot, "docs", "openapi.yaml")))
        {
            if (PathLine().Match(line) is { Success: true } p)
            {
                path = p.Groups[1].Value;
            }
            else if (path is not null && BehindSignIn(path) && MethodLine().IsMatch(line))
            {
                operations++;
            }
            else if (path is not null && BehindSignIn(path) && line.Trim() == "- appServiceAuth: []")
            {
                signedIn++;
            }
        }

        Assert.That(operations, Is.GreaterThan(20));
        Assert.That(signedIn, Is.EqualTo(operations), "every admin and console operation lists appServiceAuth");
    }
}
