using System.Text.Json.Nodes;

namespace Connector.Testing.TikTokReference;

/// <summary>
/// Checks a request the client sent, or a response the simulator gave, against an endpoint's spec. Each method returns
/// the problems as sentences (empty = conforms); the <c>Assert*</c> forms fail the NUnit test listing them all.
/// </summary>
public static class ReferenceConformance
{
    /// <summary>Query parameters no endpoint lists but TikTok documents as common (developer guide: common parameters).</summary>
    public static readonly IReadOnlySet<string> CommonQueryParameters = new HashSet<string>(StringComparer.Ordinal)
    {
        "app_key", "sign", "timestamp", "shop_cipher",
    };

    /// <summary>
    /// The request conforms: method and path are the endpoint's; every query parameter sent is documented with a
    /// compatible type and every required one is sent; every required header is sent; every body field sent is
    /// documented (at its nesting level) with a compatible type, and every required field of each object sent is there.
    /// </summary>
    public static IReadOnlyList<string> RequestProblems(EndpointSpec spec, RecordedRequest request)
    {
        var problems = new List<string>();
        if (request.Method != spec.Method)
        {
            problems.Add($"method {request.Method}, documented {spec.Method}");
        }

        if (!spec.Matches(request.Path))
        {
            problems.Add($"path {request.Path} is not {spec.PathTemplate}");
        }

        foreach (var (name, value) in request.Query)
        {
            var p = spec.Query(name);
            if (p is null)
            {
                if (!CommonQueryParameters.Contains(name))
                {
                    problems.Add($"query parameter '{name}' is not documented");
                }

                continue;
            }

            if (!p.AcceptsQueryValue(value))
            {
                problems.Add($"query parameter '{name}' = '{value}' is not a {p.Type}");
            }
        }

        foreach (var p in spec.QueryParams.Where(p => p.Required))
        {
            if (!request.Query.Any(q => q.Key == p.Name))
            {
                problems.Add($"required query parameter '{p.Name}' is not sent");
            }
        }

        foreach (var h in spec.HeaderParams.Where(h => h.Required))
        {
            if (!request.Headers.ContainsKey(h.Name))
            {
                problems.Add($"required header '{h.Name}' is not sent");
            }
        }

        if (!string.IsNullOrEmpty(request.Body))
        {
            var body = Markdown.TryParse(request.Body);
            if (body is not JsonObject obj)
            {
                problems.Add("the body is not a JSON object");
            }
            else
            {
                CheckObject(obj, spec.BodyParams, "body", problems, checkRequired: true);
            }
        }
        else
        {
            foreach (var p in spec.BodyParams.Where(p => p.Required))
            {
                problems.Add($"required body field '{p.Name}' is not sent (no body)");
            }
        }

        return problems;
    }

    /// <summary>
    /// The response (the whole envelope) conforms: every field in it is documented at its nesting level with a
    /// compatible type. Fields the reference documents but the response leaves out are not problems (TikTok omits
    /// empty fields too). <paramref name="ignore"/> lists dotted paths (<c>data.orders.foo</c>) to skip.
    /// </summary>
    public static IReadOnlyList<string> ResponseProblems(EndpointSpec spec, JsonNode? response, params string[] ignore)
    {
        var problems = new List<string>();
        if (response is not JsonObject obj)
        {
            problems.Add("the response is not a JSON object");
            return problems;
        }

        CheckObject(obj, spec.ResponseParams, "", problems, checkRequired: false, ignore: ignore);
        return problems;
    }

    public static void AssertRequest(EndpointSpec spec, RecordedRequest request) =>
        Fail(spec, $"request {request.Method} {request.Path}", RequestProblems(spec, request));

    public static void AssertResponse(EndpointSpec spec, JsonNode? response, params string[] ignore) =>
        Fail(spec, "response", ResponseProblems(spec, response, ignore));

    private static void Fail(EndpointSpec spec, string what, IReadOnlyList<string> problems)
    {
        if (problems.Count > 0)
        {
            NUnit.Framework.Assert.Fail($"The {what} does not conform to {spec}:\n- " + string.Join("\n- ", problems));
        }
    }

    private static void CheckObject(JsonObject obj, IReadOnlyList<ParamSpec> documented, string prefix, List<string> problems,
        bool checkRequired, IReadOnlyCollection<string>? ignore = null)
    {
        foreach (var (name, value) in obj)
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            if (ignore is not null && ignore.Contains(path))
            {
                continue;
            }

            var p = documented.FirstOrDefault(d => d.Name == name);
            if (p is null)
            {
                problems.Add($"'{path}' is not documented");
                continue;
            }

            if (!p.Accepts(value))
            {
                problems.Add($"'{path}' is {Describe(value)}, documented {p.Type}");
                continue;
            }

            if (p.Children.Count == 0)
            {
                continue;
            }

            if (value is JsonObject child)
            {
                CheckObject(child, p.Children, path, problems, checkRequired, ignore);
            }
            else if (value is JsonArray arr)
            {
                foreach (var item in arr.OfType<JsonObject>())
                {
                    CheckObject(item, p.Children, path, problems, checkRequired, ignore);
                }
            }
        }

        if (checkRequired)
        {
            foreach (var p in documented.Where(p => p.Required && !obj.ContainsKey(p.Name)))
            {
                problems.Add($"required '{(prefix.Length == 0 ? p.Name : prefix + "." + p.Name)}' is not sent");
            }
        }
    }

    private static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => $"{v.GetValueKind().ToString().ToLowerInvariant()} {v.ToJsonString()}",
        _ => value.GetType().Name,
    };
}
