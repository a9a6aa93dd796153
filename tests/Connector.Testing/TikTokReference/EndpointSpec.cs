using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Testing.TikTokReference;

/// <summary>
/// One endpoint as TikTok documents it (<c>document_api_meta</c> of an <c>api-reference/&lt;area&gt;/*.spec.json</c>):
/// path, method, header / path / query / body parameters (nested trees), response fields (a tree under the envelope:
/// code, message, request_id, data), TikTok's example request and response bodies and its error codes.
/// </summary>
public sealed class EndpointSpec
{
    private readonly string[] templateSegments;

    private EndpointSpec(string file, string relativeFile, string title, HttpMethod method, string pathTemplate,
        IReadOnlyList<ParamSpec> headerParams, IReadOnlyList<ParamSpec> pathParams, IReadOnlyList<ParamSpec> queryParams,
        IReadOnlyList<ParamSpec> bodyParams, IReadOnlyList<ParamSpec> responseParams, string? requestBodyExample,
        string? responseBodyExample, IReadOnlyList<(string Code, string Message)> errorCodes, string description)
    {
        File = file;
        RelativeFile = relativeFile;
        Title = title;
        Method = method;
        PathTemplate = pathTemplate;
        HeaderParams = headerParams;
        PathParams = pathParams;
        QueryParams = queryParams;
        BodyParams = bodyParams;
        ResponseParams = responseParams;
        RequestBodyExampleText = requestBodyExample;
        ResponseBodyExampleText = responseBodyExample;
        ErrorCodes = errorCodes;
        Description = description;
        templateSegments = pathTemplate.Split('/', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Full path of the spec file.</summary>
    public string File { get; }

    /// <summary>Path of the spec file under the reference root, e.g. <c>api-reference/orders/get-order-list.spec.json</c>.</summary>
    public string RelativeFile { get; }

    public string Title { get; }

    public string Description { get; }

    public HttpMethod Method { get; }

    /// <summary>E.g. <c>/fulfillment/202309/orders/{order_id}/packages</c>.</summary>
    public string PathTemplate { get; }

    public IReadOnlyList<ParamSpec> HeaderParams { get; }

    public IReadOnlyList<ParamSpec> PathParams { get; }

    /// <summary>Query parameters, the common ones included (app_key, sign, timestamp, shop_cipher, ...).</summary>
    public IReadOnlyList<ParamSpec> QueryParams { get; }

    /// <summary>Top-level body fields, each with its nested fields as <see cref="ParamSpec.Children"/>.</summary>
    public IReadOnlyList<ParamSpec> BodyParams { get; }

    /// <summary>Top-level response fields (code, message, request_id, data), nested as documented.</summary>
    public IReadOnlyList<ParamSpec> ResponseParams { get; }

    /// <summary>The fields documented under <c>data</c>.</summary>
    public IReadOnlyList<ParamSpec> ResponseDataParams => ResponseParams.FirstOrDefault(p => p.Name == "data")?.Children ?? [];

    public string? RequestBodyExampleText { get; }

    public string? ResponseBodyExampleText { get; }

    /// <summary>TikTok's example request body (null when the endpoint has none).</summary>
    public JsonNode? RequestBodyExample => ParseExample(RequestBodyExampleText);

    /// <summary>TikTok's example response, the whole envelope <c>{code, message, request_id, data}</c>.</summary>
    public JsonNode? ResponseBodyExample => ParseExample(ResponseBodyExampleText);

    /// <summary>The endpoint's own documented error codes (common ones are in the developer guide's common-errors page).</summary>
    public IReadOnlyList<(string Code, string Message)> ErrorCodes { get; }

    /// <summary>Whether the spec lists this header as required (TikTok lists content-type and x-tts-access-token on every endpoint).</summary>
    public bool RequiresHeader(string name) =>
        HeaderParams.Any(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase) && h.Required);

    /// <summary>Whether a concrete path (<c>/order/202309/orders/search</c>) or template matches this endpoint's path.</summary>
    public bool Matches(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length != templateSegments.Length)
        {
            return false;
        }

        for (var i = 0; i < segments.Length; i++)
        {
            var t = templateSegments[i];
            var isParam = t.StartsWith('{') && t.EndsWith('}');
            if (!isParam && !string.Equals(t, segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A documented query parameter by name, or null.</summary>
    public ParamSpec? Query(string name) => QueryParams.FirstOrDefault(p => p.Name == name);

    /// <summary>A body field by dotted path (<c>inventory.quantity</c>, array levels implied), or null.</summary>
    public ParamSpec? Body(string dottedPath) => ParamSpec.Find(BodyParams, dottedPath);

    /// <summary>A response field by dotted path from the envelope (<c>data.orders.line_items.sku_id</c>), or null.</summary>
    public ParamSpec? Response(string dottedPath) => ParamSpec.Find(ResponseParams, dottedPath);

    public override string ToString() => $"{Method} {PathTemplate} ({RelativeFile})";

    internal static EndpointSpec Load(string file, string root)
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(file));
        var meta = doc.RootElement.GetProperty("document_api_meta");
        var method = Int(meta, "method") switch
        {
            1 => HttpMethod.Post,
            2 => HttpMethod.Get,
            3 => HttpMethod.Put,
            4 => HttpMethod.Delete,
            var m => throw new InvalidDataException($"{file}: unknown method {m}."),
        };

        var errors = new List<(string, string)>();
        if (meta.TryGetProperty("error_code_list", out var el) && el.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in el.EnumerateArray())
            {
                errors.Add((Str(e, "code") ?? "", Str(e, "msg") ?? ""));
            }
        }

        return new EndpointSpec(
            file,
            Path.GetRelativePath(root, file).Replace('\\', '/'),
            Str(meta, "title") ?? "",
            method,
            Str(meta, "interface_path") ?? throw new InvalidDataException($"{file}: no interface_path."),
            ParamSpec.Tree(List(meta, "request_header_param")),
            ParamSpec.Tree(List(meta, "request_path_param")),
            ParamSpec.Tree(List(meta, "request_query_param")),
            ParamSpec.Tree(List(meta, "request_body_param")),
            ParamSpec.Tree(List(meta, "response_param")),
            NullIfEmpty(Str(meta, "request_body")),
            NullIfEmpty(Str(meta, "response_body")),
            errors,
            Str(meta, "env_desc") ?? "");
    }

    private static JsonNode? ParseExample(string? text) => text is null ? null : Markdown.TryParse(text);

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static int Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : -1;

    private static IEnumerable<(string Name, string Type, bool Required, string Description, string? Example)> List(JsonElement meta, string name)
    {
        if (!meta.TryGetProperty(name, out var arr) || arr.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var p in arr.EnumerateArray())
        {
            yield return (Str(p, "name") ?? "", Str(p, "type") ?? "", Str(p, "required") == "Y", Str(p, "desc") ?? "", Str(p, "example"));
        }
    }
}
