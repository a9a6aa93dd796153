using System.Net;
using System.Text;
using Connector.EndToEndTests.Admin;
using Connector.Testing;

namespace Connector.EndToEndTests.Contract;

/// <summary>
/// Bad input generated from docs/openapi.yaml: for every operation, malformed requests (missing and wrong keys,
/// invalid ids, unknown enum values, non-numbers, malformed and wrongly typed bodies, wrong content types, missing
/// required fields, oversized bodies) get a 4xx with a readable body (problem+json; an HTML page for the seller's
/// browser; a bare 401 for a missing key, as the Functions host answers), never a 5xx or a hang, and storage (the
/// world's tables, queues and token secret) is the same before and after.
/// </summary>
[NonParallelizable]
public sealed class BadInputTests
{
    private const int OversizedBytes = 9 * 1024 * 1024;

    private static readonly IReadOnlyList<OpenApiOperation> Operations = OpenApiOperations.Load();

    [Test]
    public void Every_operation_in_openapi_yaml_gets_generated_bad_input()
    {
        Assert.That(Operations, Has.Count.GreaterThan(30));
        Assert.That(Operations.Where(o => !Cases(o, "shop", "merchant").Any()), Is.Empty, "operations without a generated case");
    }

    [Test]
    public async Task Every_operation_refuses_bad_input_with_a_4xx_and_changes_nothing()
    {
        await using var admin = await AdminWorld.StartAsync();
        var failures = new List<string>();
        var sent = 0;
        foreach (var operation in Operations)
        {
            foreach (var badCase in Cases(operation, admin.ShopId, AdminWorld.Merchant))
            {
                var before = await SnapshotAsync(admin);
                using var request = badCase.Build();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                HttpResponseMessage response;
                try
                {
                    response = await admin.World.Host.Http.SendAsync(request, timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    failures.Add($"{operation} [{badCase.Name}]: no answer within 30 s");
                    continue;
                }

                sent++;
                using (response)
                {
                    var status = (int)response.StatusCode;
                    var type = response.Content.Headers.ContentType?.MediaType;
                    var body = await response.Content.ReadAsStringAsync();
                    if (status is < 400 or >= 500)
                    {
                        failures.Add($"{operation} [{badCase.Name}]: {status} {Shorten(body)}");
                    }
                    else if (status is not (401 or 405) && type is not ("application/problem+json" or "text/html"))
                    {
                        failures.Add($"{operation} [{badCase.Name}]: {status} with {type ?? "no body"}: {Shorten(body)}");
                    }
                }

                var after = await SnapshotAsync(admin);
                if (!before.SequenceEqual(after))
                {
                    failures.Add($"{operation} [{badCase.Name}]: storage changed: {string.Join(", ", after.Except(before).Concat(before.Except(after)).Take(5))}");
                }
            }
        }

        Assert.That(sent, Is.GreaterThan(Operations.Count * 3), "requests sent");
        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures));
    }

    private sealed record BadCase(string Name, Func<HttpRequestMessage> Build);

    private static IEnumerable<BadCase> Cases(OpenApiOperation operation, string shopId, string merchantId)
    {
        string PathWith(string? parameter, string? value) => operation.Path.TrimStart('/').Split('/').Aggregate("api", (path, segment) =>
        {
            if (segment.StartsWith('{') && segment.EndsWith('}'))
            {
                var name = segment[1..^1];
                var filled = name == parameter ? value! : name switch
                {
                    "shopId" => shopId,
                    "merchantId" => merchantId,
                    _ => "no-such-" + name.ToLowerInvariant(),
                };
                return path + "/" + Uri.EscapeDataString(filled);
            }

            return path + "/" + segment;
        });

        HttpRequestMessage Request(string path, HttpContent? content = null, string? key = RunningHost.FunctionKey)
        {
            var request = new HttpRequestMessage(new HttpMethod(operation.Method), new Uri(path, UriKind.Relative)) { Content = content };
            if (key is not null)
            {
                request.Headers.Add("x-functions-key", key);
            }

            return request;
        }

        var valid = PathWith(null, null);
        StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
        HttpContent? SomeBody() => operation.HasBody ? Json("{}") : null;

        if (operation.NeedsKey)
        {
            yield return new BadCase("no key", () => Request(valid, SomeBody(), key: null));
            yield return new BadCase("wrong key", () => Request(valid, SomeBody(), key: "not-a-key"));
        }

        var otherMethod = new[] { "PUT", "PATCH", "DELETE", "POST", "GET" }.First(m => m != operation.Method && !OtherMethodsOfPath(operation).Contains(m));
        yield return new BadCase($"{otherMethod} instead of {operation.Method}", () =>
        {
            var request = Request(valid);
            request.Method = new HttpMethod(otherMethod);
            return request;
        });

        foreach (var parameter in operation.Parameters.Where(p => p.In == "query" && p.Required))
        {
            yield return new BadCase($"{parameter.Name} missing", () => Request(valid, SomeBody()));
        }

        foreach (var parameter in operation.Parameters)
        {
            if (parameter.In == "query" && parameter.Type is null or "string" && parameter.Enum is null)
            {
                yield return new BadCase($"{parameter.Name} of 3,000 characters", () => Request($"{valid}?{parameter.Name}={new string('x', 3000)}", SomeBody()));
            }

            if (parameter.In == "path")
            {
                yield return new BadCase($"{parameter.Name} with a quote", () => Request(PathWith(parameter.Name, "a'b"), SomeBody()));
                yield return new BadCase($"{parameter.Name} of 300 characters", () => Request(PathWith(parameter.Name, new string('x', 300)), SomeBody()));
            }
            else if (parameter.In == "query" && parameter.Enum is { Count: > 0 })
            {
                yield return new BadCase($"{parameter.Name}=unknown value", () => Request($"{valid}?{parameter.Name}=no-such-value", SomeBody()));
            }
            else if (parameter.In == "query" && parameter.Type is "integer" or "number")
            {
                yield return new BadCase($"{parameter.Name}=not a number", () => Request($"{valid}?{parameter.Name}=abc", SomeBody()));
            }
        }

        if (!operation.HasBody)
        {
            yield break;
        }

        yield return new BadCase("malformed JSON", () => Request(valid, Json("{\"a\":")));
        yield return new BadCase("a JSON string instead of an object", () => Request(valid, Json("\"hello\"")));
        yield return new BadCase("text/plain", () => Request(valid, new StringContent("hello", Encoding.UTF8, "text/plain")));
        yield return new BadCase("oversized body", () => Request(valid, Json("{\"padding\":\"" + new string('a', OversizedBytes) + "\"}")));
        if (operation.RequiredBodyProperties.Count > 0)
        {
            yield return new BadCase("required fields missing", () => Request(valid, Json("{}")));
        }

        foreach (var (property, type) in operation.BodyProperties)
        {
            var wrong = type switch
            {
                "string" => "12345",
                "integer" or "number" => "\"not a number\"",
                "boolean" => "\"not a boolean\"",
                "array" => "\"not an array\"",
                _ => "\"not an object\"",
            };
            yield return new BadCase($"{property} of the wrong type", () => Request(valid, Json($"{{\"{property}\":{wrong}}}")));
            if (type == "string")
            {
                yield return new BadCase($"{property} of 100,000 characters", () => Request(valid, Json($"{{\"{property}\":\"{new string('x', 100_000)}\"}}")));
            }
        }
    }

    private static HashSet<string> OtherMethodsOfPath(OpenApiOperation operation) =>
        Operations.Where(o => o.Path == operation.Path).Select(o => o.Method).ToHashSet(StringComparer.Ordinal);

    private static Task<IReadOnlyList<string>> SnapshotAsync(AdminWorld admin) => StorageSnapshot.TakeAsync(admin.World);

    private static string Shorten(string body) => body.Length > 200 ? body[..200] + "…" : body;
}
