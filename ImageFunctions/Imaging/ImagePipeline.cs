namespace ImageFunctions.Imaging;

/// <summary>Decode, validate, orient, filter, encode.</summary>
public sealed class ImagePipeline(ImageLimits limits)
{
    public ImageLimits Limits { get; } = limits;

    /// <summary>Runs a tiny image through decode, every filter and every encoder so the first request does not pay the JIT.</summary>
    public static void WarmUp()
    {
    }

    /// <summary>Reads the header only; throws <see cref="ImageRejectedException"/> for a bad or too large image.</summary>
    public ImageFormatInfo Identify(Stream source) => throw new NotImplementedException();

    /// <summary>Processes <paramref name="source"/> into <paramref name="destination"/>; throws <see cref="ImageRejectedException"/>.</summary>
    public ProcessedImageInfo Process(Stream source, Stream destination, FilterChain chain, OutputOptions output, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();
}
