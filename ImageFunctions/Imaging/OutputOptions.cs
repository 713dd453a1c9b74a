using System.Globalization;

namespace ImageFunctions.Imaging;

/// <summary>Output format and quality. Parse throws <see cref="ArgumentException"/> with a user-facing message.</summary>
/// <remarks>
/// <see cref="OutputFormat.Original"/> writes JPEG, PNG and WebP sources in their own format; GIF, BMP and TIFF
/// sources are written as PNG (lossless, keeps alpha, and our encoders for those formats are not worth using:
/// GIF would quantise to 256 colours, BMP and TIFF are large and rarely wanted on the web).
/// </remarks>
public sealed record OutputOptions(OutputFormat Format = OutputFormat.Original, int Quality = 90)
{
    /// <summary>Quality used when none is given.</summary>
    public const int DefaultQuality = 90;

    /// <summary>Lowest accepted quality.</summary>
    public const int MinQuality = 1;

    /// <summary>Highest accepted quality.</summary>
    public const int MaxQuality = 100;

    /// <summary>
    /// The zlib level (1 fastest .. 9 smallest) for PNG output. Level 2 by default: zlib-ng's level 1 is a quick mode whose
    /// photos come out about 35% larger, while level 2 is still about 2x faster than ImageSharp's level 1 and slightly smaller
    /// (docs/benchmarks.md, PNG writer).
    /// </summary>
    public int PngCompressionLevel { get; init; } = 2;

    /// <summary>The PNG row filter; <see cref="PngRowFilter.Up"/> by default (the fastest filter and about the smallest on photos).</summary>
    public PngRowFilter PngFilter { get; init; } = PngRowFilter.Up;

    /// <summary>Parses the query values <c>format</c> (original, jpeg/jpg, png, webp) and <c>quality</c> (1-100).</summary>
    public static OutputOptions Parse(string? format, string? quality)
    {
        var parsedFormat = (format?.Trim().ToLowerInvariant()) switch
        {
            null or "" or "original" => OutputFormat.Original,
            "jpeg" or "jpg" => OutputFormat.Jpeg,
            "png" => OutputFormat.Png,
            "webp" => OutputFormat.Webp,
            _ => throw new ArgumentException(
                $"Unknown output format '{Quoted(format)}'. Valid formats: original, jpeg, png, webp."),
        };

        var parsedQuality = DefaultQuality;
        if (!string.IsNullOrWhiteSpace(quality))
        {
            if (!int.TryParse(quality.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out parsedQuality)
                || parsedQuality is < MinQuality or > MaxQuality)
            {
                throw new ArgumentException(
                    $"Quality must be a whole number from {MinQuality} to {MaxQuality}; got '{Quoted(quality)}'.");
            }
        }

        return new OutputOptions(parsedFormat, parsedQuality);
    }

    /// <summary>The client's text as an error message repeats it: at most 40 characters.</summary>
    private static string Quoted(string? text) => text is null || text.Length <= 40 ? text ?? "" : string.Concat(text.AsSpan(0, 40), "…");

    /// <summary>The format actually written for a source of format <paramref name="source"/>.</summary>
    public ImageFormatInfo Resolve(ImageFormatInfo source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Format switch
        {
            OutputFormat.Jpeg => ImageFormatInfo.Jpeg,
            OutputFormat.Png => ImageFormatInfo.Png,
            OutputFormat.Webp => ImageFormatInfo.Webp,
            _ => source.Name switch
            {
                "jpeg" => ImageFormatInfo.Jpeg,
                "webp" => ImageFormatInfo.Webp,
                _ => ImageFormatInfo.Png,
            },
        };
    }
}
