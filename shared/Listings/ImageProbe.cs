using System.Buffers.Binary;

namespace Connector.Listings;

/// <summary>An image's format and size in pixels (null when the format does not say cheaply, e.g. HEIC).</summary>
public sealed record ImageInfo(string Format, int? Width, int? Height);

/// <summary>
/// Reads an image's format and dimensions from its first bytes (PNG, JPEG, WEBP, BMP, GIF, HEIC), and checks them
/// against TikTok's rules for product images: JPG, JPEG, PNG, WEBP, HEIC or BMP, at most 10 MB (upload product image),
/// 300 to 4,000 pixels a side for gallery and variant images (create product). Pure.
/// </summary>
public static class ImageProbe
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MinSide = 300;
    public const int MaxSide = 4000;
    public const int MinDescriptionSide = 100;

    public static readonly string[] AllowedFormats = ["JPEG", "PNG", "WEBP", "HEIC", "BMP"];

    public static ImageInfo? Read(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 24 && b[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            return new ImageInfo("PNG", BinaryPrimitives.ReadInt32BigEndian(b[16..]), BinaryPrimitives.ReadInt32BigEndian(b[20..]));
        }

        if (b.Length >= 4 && b[0] == 0xFF && b[1] == 0xD8)
        {
            return Jpeg(b);
        }

        if (b.Length >= 30 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8))
        {
            return Webp(b);
        }

        if (b.Length >= 26 && b[0] == (byte)'B' && b[1] == (byte)'M')
        {
            return new ImageInfo("BMP", BinaryPrimitives.ReadInt32LittleEndian(b[18..]), Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(b[22..])));
        }

        if (b.Length >= 10 && b[..4].SequenceEqual("GIF8"u8))
        {
            return new ImageInfo("GIF", BinaryPrimitives.ReadUInt16LittleEndian(b[6..]), BinaryPrimitives.ReadUInt16LittleEndian(b[8..]));
        }

        if (b.Length >= 12 && b[4..8].SequenceEqual("ftyp"u8) && (b[8..12].SequenceEqual("heic"u8) || b[8..12].SequenceEqual("heix"u8) || b[8..12].SequenceEqual("mif1"u8)))
        {
            return new ImageInfo("HEIC", null, null);
        }

        return null;
    }

    /// <summary>What is wrong with an image for TikTok (null when it is fine); <paramref name="minSide"/> depends on its use.</summary>
    public static string? Check(ImageInfo? info, long bytes, int minSide = MinSide)
    {
        if (bytes > MaxBytes)
        {
            return $"is {bytes / 1024.0 / 1024.0:0.0} MB; TikTok takes at most 10 MB";
        }

        if (info is null)
        {
            return "is not an image TikTok takes (JPG, PNG, WEBP, HEIC or BMP)";
        }

        if (!AllowedFormats.Contains(info.Format))
        {
            return $"is a {info.Format}; TikTok takes JPG, PNG, WEBP, HEIC or BMP";
        }

        if (info.Width is { } w && info.Height is { } h && (w < minSide || h < minSide || w > MaxSide || h > MaxSide))
        {
            return $"is {w}x{h} pixels; TikTok needs {minSide}x{minSide} to {MaxSide}x{MaxSide}";
        }

        return null;
    }

    private static ImageInfo Jpeg(ReadOnlySpan<byte> b)
    {
        var i = 2;
        while (i + 9 < b.Length)
        {
            if (b[i] != 0xFF)
            {
                i++;
                continue;
            }

            var marker = b[i + 1];
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7) or 0xFF)
            {
                i += marker == 0xFF ? 1 : 2;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 2)..]);
            if (marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC))
            {
                return new ImageInfo("JPEG", BinaryPrimitives.ReadUInt16BigEndian(b[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(b[(i + 5)..]));
            }

            i += 2 + length;
        }

        return new ImageInfo("JPEG", null, null);
    }

    private static ImageInfo Webp(ReadOnlySpan<byte> b)
    {
        var chunk = b[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            var w = 1 + (b[24] | (b[25] << 8) | (b[26] << 16));
            var h = 1 + (b[27] | (b[28] << 8) | (b[29] << 16));
            return new ImageInfo("WEBP", w, h);
        }

        if (chunk.SequenceEqual("VP8L"u8))
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(b[21..]);
            return new ImageInfo("WEBP", (int)(bits & 0x3FFF) + 1, (int)((bits >> 14) & 0x3FFF) + 1);
        }

        if (chunk.SequenceEqual("VP8 "u8))
        {
            return new ImageInfo("WEBP", BinaryPrimitives.ReadUInt16LittleEndian(b[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(b[28..]) & 0x3FFF);
        }

        return new ImageInfo("WEBP", null, null);
    }
}
