using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace TikTokSimulator;

/// <summary>
/// Sample product images for demos and tests, standing in for a merchant's image host (not a TikTok API):
/// <c>GET /_sim/sample-images/{width}x{height}.png</c> (a real PNG of that size, 1 to 5000 pixels a side; add
/// <c>?v=2</c> for a different picture) and <c>{width}x{height}.gif</c> (a GIF, which TikTok does not take).
/// </summary>
public static partial class SampleImages
{
    private static readonly ConcurrentDictionary<string, byte[]> Cache = new(StringComparer.Ordinal);

    public static void Map(WebApplication app) =>
        app.MapGet("/_sim/sample-images/{name}", (string name, string? v) =>
        {
            var m = Name().Match(name);
            if (!m.Success)
            {
                return Results.NotFound();
            }

            var width = int.Parse(m.Groups["w"].Value, CultureInfo.InvariantCulture);
            var height = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
            if (width is < 1 or > 5000 || height is < 1 or > 5000)
            {
                return Results.NotFound();
            }

            var gif = m.Groups["ext"].Value == "gif";
            var bytes = Cache.GetOrAdd($"{name}|{v}", _ => gif ? Gif(width, height) : Png(width, height, (v ?? "").GetHashCode(StringComparison.Ordinal)));
            return Results.Bytes(bytes, gif ? "image/gif" : "image/png");
        });

    /// <summary>A solid-colour PNG (8-bit RGB) of the given size.</summary>
    public static byte[] Png(int width, int height, int seed = 0)
    {
        var color = new[] { (byte)(80 + (seed & 0x7F)), (byte)(120 + ((seed >> 7) & 0x7F)), (byte)(160 + ((seed >> 14) & 0x5F)) };
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            var row = new byte[1 + (width * 3)];
            for (var x = 0; x < width; x++)
            {
                color.CopyTo(row, 1 + (x * 3));
            }

            for (var y = 0; y < height; y++)
            {
                z.Write(row);
            }
        }

        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;
        header[9] = 2;
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] Gif(int width, int height) =>
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8), 0, 0, 0, 0x3B];

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(typed, 0);
        data.CopyTo(typed, 4);
        stream.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        stream.Write(crc);
    }

    private static readonly uint[] CrcTable = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }

        return c;
    }).ToArray();

    private static uint Crc32(byte[] data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return c ^ 0xFFFFFFFFu;
    }

    [GeneratedRegex(@"^(?<w>\d{1,4})x(?<h>\d{1,4})\.(?<ext>png|gif)$")]
    private static partial Regex Name();
}
