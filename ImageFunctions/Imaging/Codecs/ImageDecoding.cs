using ImageFunctions.Imaging.Processing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Metadata;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>
/// Safe decoding: the format comes from the bytes, the metadata is counted against the limits and read by
/// <see cref="MetadataScanner"/> (JPEG and PNG decoders ignore it), the header is read and checked against the
/// <see cref="ImageLimits"/> before any pixel is decoded, only the first frame of animations is decoded, images without
/// alpha are decoded straight to three channels where the format tells, and every decoder failure becomes an
/// <see cref="ImageRejectedException"/>.
/// </summary>
internal static class ImageDecoding
{
    private static readonly PngDecoder DecoderForPng = new() { IgnoreMetadata = true };
    private static readonly JpegDecoder DecoderForJpeg = new() { IgnoreMetadata = true };
    private static readonly GifDecoder DecoderForGif = new() { DecodingMode = FrameDecodingMode.First, MaxFrames = 1 };
    private static readonly BmpDecoder DecoderForBmp = new();
    private static readonly WebpDecoder DecoderForWebp = new();
    private static readonly TiffDecoder DecoderForTiff = new() { DecodingMode = FrameDecodingMode.First };

    /// <summary>
    /// The bytes of <paramref name="source"/> from its position, refusing them past <see cref="ImageLimits.MaxBytes"/>:
    /// a <see cref="MemoryStream"/>'s own buffer when it exposes it (no copy), else a copy. The stream is read to its end.
    /// </summary>
    public static ArraySegment<byte> ReadAll(Stream source, ImageLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (source is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            var rest = buffer[(int)Math.Min(memory.Position, buffer.Count)..];
            CheckSize(rest.Count, limits);
            memory.Position = memory.Length;
            return CheckNotEmpty(rest);
        }

        if (source.CanSeek)
        {
            var remaining = source.Length - source.Position;
            CheckSize(remaining, limits);
            var data = new byte[remaining];
            source.ReadExactly(data);
            return CheckNotEmpty(data);
        }

        using var copy = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = source.Read(chunk, 0, chunk.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            copy.Write(chunk, 0, read);
            CheckSize(copy.Length, limits);
        }

        return CheckNotEmpty(copy.ToArray());
    }

    /// <summary>
    /// The one check before any pixel is decoded, for uploads and for processing alike: at most
    /// <see cref="ImageLimits.MaxBytes"/>, not empty, a format we read (sniffed from the bytes), metadata within
    /// <see cref="ImageLimits.MaxMetadataSegments"/> and <see cref="ImageLimits.MaxMetadataBytes"/>, a header that reads
    /// and a size within <see cref="ImageLimits.MaxPixels"/>. A seekable stream is left where it was, a non-seekable
    /// one is read to the end.
    /// </summary>
    public static InspectedImage Inspect(Stream source, ImageLimits limits, Configuration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var start = source.CanSeek ? source.Position : 0;
        try
        {
            return Inspect(ReadAll(source, limits, cancellationToken), limits, configuration, cancellationToken);
        }
        finally
        {
            if (source.CanSeek)
            {
                source.Position = start;
            }
        }
    }

    /// <summary><see cref="Inspect(Stream, ImageLimits, Configuration, CancellationToken)"/> for an image read into memory.</summary>
    public static InspectedImage Inspect(ArraySegment<byte> data, ImageLimits limits, Configuration configuration, CancellationToken cancellationToken)
    {
        CheckSize(data.Count, limits);
        CheckNotEmpty(data);
        var format = Sniff(data.AsSpan(0, Math.Min(data.Count, ImageFormatSniffer.HeaderLength)));
        var metadata = MetadataScanner.Scan(data, format, limits);
        using var stream = OpenRead(data);
        var info = Guard(() => ((IImageInfoDetector)DecoderFor(format)).Identify(configuration, stream, cancellationToken));
        CheckDimensions(info, limits);

        // No frame count to check here: ImageSharp 2.1 refuses animated WebP in Identify (UnsupportedFormat).
        return new InspectedImage(format, info, metadata);
    }

    /// <summary>Decodes an inspected image into a working layout, oriented per its EXIF data.</summary>
    public static WorkingImage Decode(ArraySegment<byte> data, InspectedImage inspected, Configuration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inspected);
        using var stream = OpenRead(data);
        var decoded = Guard(() => DecodeAtDepth(inspected, stream, configuration, cancellationToken));
        WorkingImage working;
        try
        {
            inspected.Metadata.ApplyTo(decoded.Metadata);
            working = ToWorking(decoded, inspected.Format, configuration);
        }
        catch
        {
            decoded.Dispose();
            throw;
        }

        try
        {
            // AutoOrient rotates/flips per the EXIF orientation and resets the tag.
            working.Image.Mutate(configuration, x => x.AutoOrient());
            return working;
        }
        catch
        {
            working.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes straight to RGB where the header says there is no alpha but ImageSharp would decode RGBA (palette PNG
    /// without transparency, 24-bit BMP, lossy WebP without alpha): the same pixels as RGBA with the opaque
    /// alpha dropped afterwards, without the four-byte copy. Everything else as ImageSharp chooses.
    /// </summary>
    private static Image DecodeAtDepth(InspectedImage inspected, Stream stream, Configuration configuration, CancellationToken cancellationToken)
    {
        var decoder = DecoderFor(inspected.Format);
        var info = inspected.Info;
        var opaqueInRgba = inspected.Format.Name switch
        {
            "png" => info.Metadata.GetPngMetadata() is { ColorType: PngColorType.Palette, HasTransparency: false },
            "bmp" => info.PixelType.BitsPerPixel == 24,
            "webp" => info.PixelType.BitsPerPixel == 24,
            _ => false,
        };
        return opaqueInRgba
            ? decoder.Decode<Rgb24>(configuration, stream, cancellationToken)
            : decoder.Decode(configuration, stream, cancellationToken);
    }

    private static MemoryStream OpenRead(ArraySegment<byte> data) => new(data.Array!, data.Offset, data.Count, writable: false);

    /// <summary>The format of <paramref name="data"/>, or a typed refusal.</summary>
    private static ImageFormatInfo Sniff(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            throw new ImageRejectedException(ImageRejection.Invalid, "The file is empty.");
        }

        return ImageFormatSniffer.Detect(data[..Math.Min(data.Length, ImageFormatSniffer.HeaderLength)])
            ?? throw new ImageRejectedException(
                ImageRejection.UnsupportedFormat,
                "The file is not an image we can read. Supported formats: JPEG, PNG, GIF, BMP, WebP, TIFF.");
    }

    /// <summary>Refuses zero or too many pixels.</summary>
    private static void CheckDimensions(IImageInfo? info, ImageLimits limits)
    {
        if (info is null)
        {
            throw new ImageRejectedException(ImageRejection.Invalid, "The image header could not be read.");
        }

        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new ImageRejectedException(ImageRejection.Invalid, $"The image has no pixels ({info.Width}x{info.Height}).");
        }

        if ((long)info.Width * info.Height > limits.MaxPixels)
        {
            throw new ImageRejectedException(
                ImageRejection.TooLarge,
                $"The image is {info.Width}x{info.Height} pixels; the limit is {limits.MaxPixels:N0} pixels.");
        }
    }

    /// <summary>Runs decoder code, turning every failure except cancellation into an <see cref="ImageRejectedException"/>.</summary>
    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is not (ImageRejectedException or OperationCanceledException))
        {
            throw ex switch
            {
                UnknownImageFormatException => new ImageRejectedException(ImageRejection.UnsupportedFormat, "The image format is not supported.", ex),
                NotSupportedException => new ImageRejectedException(ImageRejection.UnsupportedFormat, "This variant of the image format is not supported: " + ex.Message, ex),
                InvalidMemoryOperationException or OutOfMemoryException => new ImageRejectedException(ImageRejection.TooLarge, "The image needs too much memory to decode.", ex),
                _ => new ImageRejectedException(ImageRejection.Invalid, "The image data is corrupt or truncated.", ex),
            };
        }
    }

    private static void CheckSize(long length, ImageLimits limits)
    {
        if (length > limits.MaxBytes)
        {
            throw new ImageRejectedException(
                ImageRejection.TooLarge,
                $"The file is larger than the limit of {limits.MaxBytes:N0} bytes.");
        }
    }

    private static ArraySegment<byte> CheckNotEmpty(ArraySegment<byte> data) =>
        data.Count == 0 ? throw new ImageRejectedException(ImageRejection.Invalid, "The file is empty.") : data;

    private static IImageDecoder DecoderFor(ImageFormatInfo format) => format.Name switch
    {
        "png" => DecoderForPng,
        "jpeg" => DecoderForJpeg,
        "gif" => DecoderForGif,
        "bmp" => DecoderForBmp,
        "webp" => DecoderForWebp,
        "tiff" => DecoderForTiff,
        _ => throw new ImageRejectedException(ImageRejection.UnsupportedFormat, $"The format {format.Name} is not supported."),
    };

    private static WorkingImage ToWorking(Image decoded, ImageFormatInfo format, Configuration configuration)
    {
        Image converted = decoded switch
        {
            Image<L8> or Image<La16> or Image<Rgb24> or Image<Rgba32> => decoded,
            Image<L16> => decoded.CloneAs<L8>(configuration),
            Image<La32> => decoded.CloneAs<La16>(configuration),
            _ when decoded.PixelType.AlphaRepresentation is null or PixelAlphaRepresentation.None => decoded.CloneAs<Rgb24>(configuration),
            _ => decoded.CloneAs<Rgba32>(configuration),
        };
        if (!ReferenceEquals(converted, decoded))
        {
            decoded.Dispose();
        }

        var working = WorkingImage.Wrap(converted, configuration);

        // Only PNGs that really carry an alpha channel keep an all-opaque one (as Pillow's RGBA/LA modes do);
        // GIF, BMP, WebP, TIFF and palette PNGs decode to RGBA even when opaque.
        if (!IsPngWithAlphaChannel(converted.Metadata, format))
        {
            working = ColorLayouts.DropOpaqueAlpha(working);
        }

        return working;
    }

    private static bool IsPngWithAlphaChannel(ImageMetadata metadata, ImageFormatInfo format) =>
        format == ImageFormatInfo.Png
        && metadata.GetPngMetadata().ColorType is PngColorType.RgbWithAlpha or PngColorType.GrayscaleWithAlpha;
}
