using ImageFunctions.Imaging.Processing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>Small deterministic images for the start-up warm-up.</summary>
internal static class WarmupImages
{
    /// <summary>An RGBA PNG written by our own <see cref="PngWriter"/> (the encoder the engine uses).</summary>
    public static byte[] CreatePng(int width, int height)
    {
        using var image = WorkingImage.Create(ImagingConfiguration.Current, PixelLayout.Rgba, width, height);
        var bytes = image.Bytes;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var pixel = bytes.Slice(((y * width) + x) * 4, 4);
                pixel[0] = (byte)(x * 5);
                pixel[1] = (byte)(y * 7);
                pixel[2] = (byte)((x + y) * 3);
                pixel[3] = (byte)(255 - x);
            }
        }

        using var stream = new MemoryStream();
        PngWriter.Write(image, 1, PngRowFilter.Up, stream);
        return stream.ToArray();
    }

    /// <summary>An RGB JPEG at quality 90 with 4:2:0 chroma, as cameras and most encoders write them.</summary>
    public static byte[] CreateJpeg(int width, int height)
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
        image.Save(stream, new JpegEncoder { Quality = 90, ColorType = JpegColorType.YCbCrRatio420 });
        return stream.ToArray();
    }
}
