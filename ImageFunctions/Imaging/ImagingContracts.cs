// Public surface of the image engine used by the rest of the app. The engine helper owns this folder
// and may move these types into their own files, but must keep names and signatures stable.
namespace ImageFunctions.Imaging;

/// <summary>Why an image was refused. The HTTP layer maps: TooLarge 413, UnsupportedFormat 415, Invalid 422.</summary>
public enum ImageRejection
{
    TooLarge,
    UnsupportedFormat,
    Invalid,
}

/// <summary>A typed refusal of an image, with a message fit for the user.</summary>
public sealed class ImageRejectedException(ImageRejection reason, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ImageRejection Reason { get; } = reason;
}

/// <summary>Limits applied before any pixel is decoded.</summary>
public sealed record ImageLimits(long MaxBytes = 25L * 1024 * 1024, long MaxPixels = 40_000_000);

/// <summary>A format we can decode, as sniffed from the bytes.</summary>
public sealed record ImageFormatInfo(string Name, string MimeType, string Extension);

/// <summary>Finds the real format from the first bytes of a file.</summary>
public static class ImageFormatSniffer
{
    /// <summary>How many leading bytes <see cref="Detect"/> wants.</summary>
    public const int HeaderLength = 32;

    /// <summary>The format of the data that starts with <paramref name="header"/>, or null when it is none we decode.</summary>
    public static ImageFormatInfo? Detect(ReadOnlySpan<byte> header) => throw new NotImplementedException();
}

/// <summary>A bad filter specification; <see cref="Errors"/> says what, <see cref="ValidFilters"/> what is allowed.</summary>
public sealed class FilterSpecException(string message, IReadOnlyList<string> errors, IReadOnlyList<string> validFilters)
    : Exception(message)
{
    public IReadOnlyList<string> Errors { get; } = errors;
    public IReadOnlyList<string> ValidFilters { get; } = validFilters;
}

/// <summary>One parsed step of a chain: a filter name and its arguments.</summary>
public sealed record FilterStep(string Name, IReadOnlyList<double> Arguments);

/// <summary>A parsed, validated chain such as <c>grayscale,gaussian_blur:2.5</c>.</summary>
public sealed record FilterChain(IReadOnlyList<FilterStep> Steps)
{
    /// <summary>The normalised text of the chain (lower case, no spaces, arguments in invariant culture).</summary>
    public string Canonical => throw new NotImplementedException();

    /// <summary>Parses and validates the whole chain; throws <see cref="FilterSpecException"/>.</summary>
    public static FilterChain Parse(string? text) => throw new NotImplementedException();
}

public sealed record FilterParameterInfo(string Name, string Type, double Minimum, double Maximum, double Default, string Description);

public sealed record FilterInfo(string Name, string Description, IReadOnlyList<FilterParameterInfo> Parameters);

/// <summary>The registry of filters that the API, the OpenAPI document and the parser all read.</summary>
public static class FilterCatalog
{
    public static IReadOnlyList<FilterInfo> All => throw new NotImplementedException();
}

public enum OutputFormat
{
    Original,
    Jpeg,
    Png,
    Webp,
}

/// <summary>Output format and quality. Parse throws <see cref="ArgumentException"/> with a user-facing message.</summary>
public sealed record OutputOptions(OutputFormat Format = OutputFormat.Original, int Quality = 90)
{
    public static OutputOptions Parse(string? format, string? quality) => throw new NotImplementedException();

    /// <summary>The format actually written for a source of format <paramref name="source"/>.</summary>
    public ImageFormatInfo Resolve(ImageFormatInfo source) => throw new NotImplementedException();
}

/// <summary>What <see cref="ImagePipeline.Process"/> wrote.</summary>
public sealed record ProcessedImageInfo(ImageFormatInfo Format, int Width, int Height);

/// <summary>Decode, validate, orient, filter, encode.</summary>
public sealed class ImagePipeline(ImageLimits limits)
{
    public ImageLimits Limits { get; } = limits;

    /// <summary>Reads the header only; throws <see cref="ImageRejectedException"/> for a bad or too large image.</summary>
    public ImageFormatInfo Identify(Stream source) => throw new NotImplementedException();

    /// <summary>Processes <paramref name="source"/> into <paramref name="destination"/>; throws <see cref="ImageRejectedException"/>.</summary>
    public ProcessedImageInfo Process(Stream source, Stream destination, FilterChain chain, OutputOptions output, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();
}

/// <summary>Output file names: the upload's base name, sanitised, with the output format's extension.</summary>
public static class OutputFileName
{
    /// <summary>E.g. ("../cat photo.JPG", ".png") gives "cat photo.png". Never empty, at most 100 characters.</summary>
    public static string Create(string uploadName, string extension) => throw new NotImplementedException();
}
