using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Connector.Testing;

/// <summary>
/// Checks that bytes are a well-formed PDF as a viewer reads it: the header, the trailer with <c>startxref</c> pointing at
/// the cross-reference table, and every in-use entry of that table pointing at its own <c>N 0 obj</c>.
/// </summary>
public static partial class PdfCheck
{
    /// <summary>Null when valid; otherwise what is wrong.</summary>
    public static string? Problem(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        if (!text.StartsWith("%PDF-1.", StringComparison.Ordinal))
        {
            return "no %PDF-1.x header";
        }

        if (!text.TrimEnd().EndsWith("%%EOF", StringComparison.Ordinal))
        {
            return "no %%EOF at the end";
        }

        var startxref = StartXref().Matches(text);
        if (startxref.Count == 0)
        {
            return "no startxref";
        }

        var xref = int.Parse(startxref[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        if (xref >= text.Length || !text[xref..].StartsWith("xref", StringComparison.Ordinal))
        {
            return $"startxref {xref} does not point at the xref table";
        }

        var header = XrefHeader().Match(text, xref);
        if (!header.Success)
        {
            return "the xref table has no subsection header";
        }

        var first = int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture);
        var count = int.Parse(header.Groups[2].Value, CultureInfo.InvariantCulture);
        var entries = XrefEntry().Matches(text, header.Index + header.Length).Take(count).ToList();
        if (entries.Count != count)
        {
            return $"the xref table has {entries.Count} entries, not {count}";
        }

        for (var i = 0; i < count; i++)
        {
            if (entries[i].Groups[3].Value != "n")
            {
                continue;
            }

            var offset = int.Parse(entries[i].Groups[1].Value, CultureInfo.InvariantCulture);
            var expected = $"{first + i} 0 obj";
            if (offset >= text.Length || !text[offset..].StartsWith(expected, StringComparison.Ordinal))
            {
                return $"object {first + i} is not at offset {offset}";
            }
        }

        return text.Contains("/Type /Catalog", StringComparison.Ordinal) && text.Contains("/Type /Page", StringComparison.Ordinal) ? null : "no catalog or page";
    }

    /// <summary>The text shown by <c>(...) Tj</c> operators (uncompressed content streams).</summary>
    public static string Text(byte[] pdf) => string.Join("\n", ShownText().Matches(Encoding.Latin1.GetString(pdf)).Select(m => m.Groups[1].Value.Replace("\\(", "(").Replace("\\)", ")")));

    [GeneratedRegex(@"startxref\s+(\d+)")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"\Gxref\s+(\d+)\s+(\d+)\s+")]
    private static partial Regex XrefHeader();

    [GeneratedRegex(@"(\d{10}) (\d{5}) ([nf])\s*")]
    private static partial Regex XrefEntry();

    [GeneratedRegex(@"\(((?:[^()\\]|\\.)*)\)\s*Tj")]
    private static partial Regex ShownText();
}
