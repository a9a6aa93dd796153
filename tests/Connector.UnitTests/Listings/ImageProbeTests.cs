using Connector.Listings;

namespace Connector.UnitTests.Listings;

public sealed class ImageProbeTests
{
    [Test]
    public void A_png_jpeg_and_gif_are_recognised_with_their_size()
    {
        var png = TikTokSimulator.SampleImages.Png(640, 480);
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00];
        byte[] gif = [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 0x20, 0x03, 0x58, 0x02, 0, 0, 0];

        Assert.That(ImageProbe.Read(png), Is.EqualTo(new ImageInfo("PNG", 640, 480)));
        Assert.That(ImageProbe.Read(jpeg), Is.EqualTo(new ImageInfo("JPEG", 640, 480)));
        Assert.That(ImageProbe.Read(gif), Is.EqualTo(new ImageInfo("GIF", 800, 600)));
        Assert.That(ImageProbe.Read("not an image"u8), Is.Null);
    }

    [Test]
    public void Tiktoks_rules_for_gallery_images()
    {
        Assert.That(ImageProbe.Check(new ImageInfo("PNG", 800, 800), 1000), Is.Null);
        Assert.That(ImageProbe.Check(new ImageInfo("PNG", 200, 800), 1000), Does.Contain("300x300 to 4000x4000"));
        Assert.That(ImageProbe.Check(new ImageInfo("PNG", 4001, 800), 1000), Does.Contain("300x300 to 4000x4000"));
        Assert.That(ImageProbe.Check(new ImageInfo("GIF", 800, 800), 1000), Does.Contain("TikTok takes JPG, PNG, WEBP, HEIC or BMP"));
        Assert.That(ImageProbe.Check(new ImageInfo("PNG", 800, 800), ImageProbe.MaxBytes + 1), Does.Contain("at most 10 MB"));
        Assert.That(ImageProbe.Check(null, 10), Does.Contain("not an image"));
        Assert.That(ImageProbe.Check(new ImageInfo("PNG", 150, 150), 10, ImageProbe.MinDescriptionSide), Is.Null, "description images may be smaller");
    }
}
