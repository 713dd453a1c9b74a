using ImageFunctions.Imaging.Processing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Metadata.Profiles.Icc;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>
/// Writes a working image: JPEG (alpha flattened on white, gray as 1-channel luminance), PNG (our
/// <see cref="PngWriter"/> on .NET's zlib: 8-bit, channel count of the layout, zlib level 2 and the Up row filter
/// by default) or lossy WebP. EXIF, XMP and IPTC are dropped (the orientation is already applied and they may hold
/// private data); an ICC profile is kept only when it matches the output's colour space (RGB or gray).
/// </summary>
internal static class ImageEncoding
{
    /// <summary>Encodes <paramref name="image"/> (taking ownership, since flattening may replace it) and returns the final image for disposal.</summary>
    public static WorkingImage Encode(WorkingImage image, ImageFormatInfo format, OutputOptions options, Stream destination)
    {
        if (format == ImageFormatInfo.Jpeg)
        {
            image = ColorLayouts.FlattenOnWhite(image);
        }

        StripMetadata(image.Image, image.Layout.IsGray());
        switch (format.Name)
        {
            case "jpeg":
                image.Image.Save(destination, new JpegEncoder
                {
                    Quality = options.Quality,
                    ColorType = image.Layout == PixelLayout.Gray ? JpegColorType.Luminance : JpegColorType.YCbCrRatio420,
                });
                break;
            case "webp":
                image.Image.Save(destination, new WebpEncoder
                {
                    Quality = options.Quality,
                    FileFormat = WebpFileFormatType.Lossy,
                });
                break;
            default:
                PngWriter.Write(image, options.PngCompressionLevel, options.PngFilter, destination);
                break;
        }

        return image;
    }

    private static void StripMetadata(Image image, bool gray)
    {
        var metadata = image.Metadata;
        metadata.ExifProfile = null;
        metadata.XmpProfile = null;
        metadata.IptcProfile = null;
        if (metadata.IccProfile is { } icc
            && icc.Header.DataColorSpace != (gray ? IccColorSpaceType.Gray : IccColorSpaceType.Rgb))
        {
            metadata.IccProfile = null;
        }

        foreach (var frame in image.Frames)
        {
            frame.Metadata.ExifProfile = null;
            frame.Metadata.XmpProfile = null;
            frame.Metadata.IccProfile = metadata.IccProfile;
        }
    }
}
