using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>Small deterministic images for the start-up warm-up.</summary>
internal static class WarmupImages
{
    public static byte[] CreatePng(int width, int height) => Encode(width, height, new PngEncoder());

    public static byte[] CreateJpeg(int width, int height) => Encode(width, height, new JpegEncoder());

    private static byte[] Encode(int width, int height, SixLabors.ImageSharp.Formats.IImageEncoder encoder)
    {
        using var image = new Image<Rgba32>(ImagingConfiguration.Current, width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                image[x, y] = new Rgba32((byte)(x * 5), (byte)(y * 7), (byte)((x + y) * 3), (byte)(255 - x));
            }
        }

        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }
}
