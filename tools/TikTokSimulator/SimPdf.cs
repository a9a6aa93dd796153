using System.Globalization;
using System.Text;

namespace TikTokSimulator;

/// <summary>
/// A small, valid PDF 1.4 (one page, Helvetica, a cross-reference table with exact offsets) with lines of text: what the
/// simulator hands out as a shipping label or packing slip. Page sizes: A6 (105 x 148 mm, TikTok's default) and A5.
/// </summary>
public static class SimPdf
{
    public static byte[] Create(string title, IReadOnlyList<string> lines, string size = "A6")
    {
        var (width, height) = size == "A5" ? (419.53m, 595.28m) : (297.64m, 419.53m);
        var content = new StringBuilder();
        content.Append("BT\n/F1 14 Tf\n18 ").Append(Number(height - 36m)).Append(" Td\n(").Append(Escape(title)).Append(") Tj\n/F1 9 Tf\n0 -22 Td\n");
        foreach (var line in lines)
        {
            content.Append('(').Append(Escape(line)).Append(") Tj\n0 -13 Td\n");
        }

        content.Append("ET\n");
        var stream = Encoding.ASCII.GetBytes(content.ToString());

        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {Number(width)} {Number(height)}] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
            null,
        };

        using var pdf = new MemoryStream();
        void Write(string text) => pdf.Write(Encoding.ASCII.GetBytes(text));
        Write("%PDF-1.4\n");
        pdf.Write([(byte)'%', 0xE2, 0xE3, 0xCF, 0xD3, (byte)'\n']);
        var offsets = new long[objects.Length];
        for (var i = 0; i < objects.Length; i++)
        {
            offsets[i] = pdf.Position;
            Write($"{i + 1} 0 obj\n");
            if (objects[i] is { } body)
            {
                Write(body + "\n");
            }
            else
            {
                Write($"<< /Length {stream.Length} >>\nstream\n");
                pdf.Write(stream);
                Write("endstream\n");
            }

            Write("endobj\n");
        }

        var xref = pdf.Position;
        Write($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write(offset.ToString("D10", CultureInfo.InvariantCulture) + " 00000 n \n");
        }

        Write($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    private static string Number(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Printable ASCII only, with PDF string escapes.</summary>
    private static string Escape(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '(' or ')' or '\\')
            {
                builder.Append('\\').Append(c);
            }
            else
            {
                builder.Append(c is >= ' ' and <= '~' ? c : '?');
            }
        }

        return builder.ToString();
    }
}
