using System.Runtime.InteropServices;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// A decoded image in one of the <see cref="PixelLayout"/>s, stored contiguously so filters can work on
/// its bytes as rows of <see cref="Span{T}"/>. Owns (and disposes) the ImageSharp image.
/// </summary>
internal sealed class WorkingImage : IDisposable
{
    private WorkingImage(Image image, PixelLayout layout, Configuration configuration)
    {
        Image = image;
        Layout = layout;
        Configuration = configuration;
    }

    /// <summary>The ImageSharp configuration new images of this pipeline are created with.</summary>
    public Configuration Configuration { get; }

    public Image Image { get; }

    public PixelLayout Layout { get; }

    public int Width => Image.Width;

    public int Height => Image.Height;

    public int Channels => Layout.Channels();

    /// <summary>Bytes per row.</summary>
    public int Stride => Image.Width * Layout.Channels();

    /// <summary>All pixel bytes, row after row. Safe to call from any thread.</summary>
    public Span<byte> Bytes => Image switch
    {
        Image<L8> i => AsBytes(i),
        Image<La16> i => AsBytes(i),
        Image<Rgb24> i => AsBytes(i),
        Image<Rgba32> i => AsBytes(i),
        _ => throw new InvalidOperationException("Unexpected pixel type."),
    };

    /// <summary>Wraps an image whose pixel type is L8, La16, Rgb24 or Rgba32.</summary>
    public static WorkingImage Wrap(Image image, Configuration configuration) => image switch
    {
        Image<L8> => new WorkingImage(image, PixelLayout.Gray, configuration),
        Image<La16> => new WorkingImage(image, PixelLayout.GrayAlpha, configuration),
        Image<Rgb24> => new WorkingImage(image, PixelLayout.Rgb, configuration),
        Image<Rgba32> => new WorkingImage(image, PixelLayout.Rgba, configuration),
        _ => throw new ArgumentException($"Unsupported working pixel type {image.GetType().Name}.", nameof(image)),
    };

    /// <summary>A new image of the given layout and size (pixels not cleared).</summary>
    public static WorkingImage Create(Configuration configuration, PixelLayout layout, int width, int height)
    {
        Image image = layout switch
        {
            PixelLayout.Gray => new Image<L8>(configuration, width, height),
            PixelLayout.GrayAlpha => new Image<La16>(configuration, width, height),
            PixelLayout.Rgb => new Image<Rgb24>(configuration, width, height),
            _ => new Image<Rgba32>(configuration, width, height),
        };
        return new WorkingImage(image, layout, configuration);
    }

    /// <summary>A new image with the same layout and size as this one; metadata is copied.</summary>
    public WorkingImage CreateLike() => CreateLike(Layout);

    /// <summary>A new image of the same size in <paramref name="layout"/>; metadata is copied.</summary>
    public WorkingImage CreateLike(PixelLayout layout)
    {
        var result = Create(Configuration, layout, Width, Height);
        CopyMetadata(Image, result.Image);
        return result;
    }

    public void Dispose() => Image.Dispose();

    private static void CopyMetadata(Image source, Image target)
    {
        target.Metadata.HorizontalResolution = source.Metadata.HorizontalResolution;
        target.Metadata.VerticalResolution = source.Metadata.VerticalResolution;
        target.Metadata.ResolutionUnits = source.Metadata.ResolutionUnits;
        target.Metadata.IccProfile = source.Metadata.IccProfile;
    }

    private static Span<byte> AsBytes<TPixel>(Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        if (!image.DangerousTryGetSinglePixelMemory(out var memory))
        {
            throw new InvalidOperationException("Image buffer is not contiguous; the configuration must prefer contiguous buffers.");
        }

        return MemoryMarshal.AsBytes(memory.Span);
    }
}
