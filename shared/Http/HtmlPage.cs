using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc;

namespace Connector.Http;

/// <summary>Small self-contained HTML pages for people in a browser (sellers on the OAuth pages). Everything is encoded.</summary>
public static class HtmlPage
{
    public static IActionResult Ok(string title, IEnumerable<string> paragraphs, IEnumerable<string>? items = null) =>
        Render(200, title, paragraphs, items, reference: null);

    /// <summary>An error page with a reference id the person can quote to support.</summary>
    public static IActionResult Error(int status, string title, IEnumerable<string> paragraphs, string reference) =>
        Render(status, title, paragraphs, items: null, reference);

    private static ContentResult Render(int status, string title, IEnumerable<string> paragraphs, IEnumerable<string>? items, string? reference)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Append("<title>").Append(Encode(title)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}code{background:#eee;padding:0 .3em}</style>")
            .Append("</head><body><h1>").Append(Encode(title)).Append("</h1>");
        foreach (var paragraph in paragraphs)
        {
            html.Append("<p>").Append(Encode(paragraph)).Append("</p>");
        }

        if (items is not null)
        {
            html.Append("<ul>");
            foreach (var item in items)
            {
                html.Append("<li>").Append(Encode(item)).Append("</li>");
            }

            html.Append("</ul>");
        }

        if (reference is not null)
        {
            html.Append("<p>Reference: <code id=\"reference\">").Append(Encode(reference)).Append("</code> (quote it to support)</p>");
        }

        html.Append("</body></html>");
        return new ContentResult { StatusCode = status, ContentType = "text/html; charset=utf-8", Content = html.ToString() };
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
