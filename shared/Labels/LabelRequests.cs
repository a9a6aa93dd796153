using System.Text.Json;
using Connector.Http;

namespace Connector.Labels;

/// <summary>POST /api/merchants/{merchantId}/orders/{orderId}/labels: the parcel, checked field by field (<see cref="LabelRequestParser"/>).</summary>
public sealed record CreateLabel(string MerchantId, string OrderId, LabelRequest Label)
{
    public static CreateLabel Bind(RequestReader r, string merchantId, string orderId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "label request";
        merchantId = r.Id("merchantId", merchantId);
        var label = LabelBinding.Parcel(r, orderId, body => body);
        return new CreateLabel(merchantId, orderId, label);
    }
}

/// <summary>
/// POST /api/merchants/{merchantId}/orders/{orderId}/shipping-services: the parcel of a label request without an
/// idempotency key or combined orders (nothing is bought or stored).
/// </summary>
public sealed record QuoteShippingServices(string MerchantId, string OrderId, LabelRequest Parcel)
{
    public static QuoteShippingServices Bind(RequestReader r, string merchantId, string orderId)
    {
        ArgumentNullException.ThrowIfNull(r);
        r.What = "parcel";
        merchantId = r.Id("merchantId", merchantId);
        var parcel = LabelBinding.Parcel(r, orderId, WithQuoteKey);
        return new QuoteShippingServices(merchantId, orderId, parcel);
    }

    /// <summary>A quote needs no idempotency key: the parser gets a placeholder.</summary>
    private static JsonElement WithQuoteKey(JsonElement body)
    {
        var node = System.Text.Json.Nodes.JsonObject.Create(body)!;
        node["idempotencyKey"] = "quote";
        node.Remove("combineWith");
        return JsonSerializer.SerializeToElement(node);
    }
}

/// <summary>GET /api/merchants/{merchantId}/labels/{labelId}.</summary>
public sealed record GetLabel(string MerchantId, string LabelId)
{
    public static GetLabel Bind(RequestReader r, string merchantId, string labelId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new GetLabel(r.Id("merchantId", merchantId), r.Id("labelId", labelId));
    }
}

/// <summary>GET /api/merchants/{merchantId}/orders/{orderId}/labels.</summary>
public sealed record ListOrderLabels(string MerchantId, string OrderId)
{
    public static ListOrderLabels Bind(RequestReader r, string merchantId, string orderId)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ListOrderLabels(r.Id("merchantId", merchantId), r.Id("orderId", orderId));
    }
}

/// <summary>GET /api/merchants/{merchantId}/labels/{labelId}/documents/{document} (label or packing-slip).</summary>
public sealed record DownloadLabelDocument(string MerchantId, string LabelId, string Document)
{
    public static DownloadLabelDocument Bind(RequestReader r, string merchantId, string labelId, string document)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new DownloadLabelDocument(r.Id("merchantId", merchantId), r.Id("labelId", labelId), document ?? "");
    }
}

internal static class LabelBinding
{
    private static readonly LabelRequest Empty = new("", null, null, new ParcelWeight(0, ""), null, null, null, [], null, "", "");

    /// <summary>The body parsed by <see cref="LabelRequestParser"/>, its errors recorded on the reader.</summary>
    public static LabelRequest Parcel(RequestReader r, string orderId, Func<JsonElement, JsonElement> prepare)
    {
        if (r.Object(LabelRequestParser.Example) is not { } body)
        {
            return Empty;
        }

        var (parsed, errors) = LabelRequestParser.Parse(orderId ?? "", prepare(body));
        foreach (var (field, problems) in errors)
        {
            r.Fail(field, problems);
        }

        return parsed ?? Empty;
    }
}
