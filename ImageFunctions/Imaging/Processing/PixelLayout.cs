namespace ImageFunctions.Imaging.Processing;

/// <summary>The interleaved 8-bit layouts the filters work on.</summary>
internal enum PixelLayout
{
    /// <summary>One gray byte per pixel (ImageSharp L8, Pillow "L").</summary>
    Gray = 1,

    /// <summary>Gray then alpha (ImageSharp La16, Pillow "LA").</summary>
    GrayAlpha = 2,

    /// <summary>R, G, B (ImageSharp Rgb24, Pillow "RGB").</summary>
    Rgb = 3,

    /// <summary>R, G, B, A (ImageSharp Rgba32, Pillow "RGBA").</summary>
    Rgba = 4,
}

internal static class PixelLayoutExtensions
{
    public static int Channels(this PixelLayout layout) => (int)layout;

    public static bool HasAlpha(this PixelLayout layout) => layout is PixelLayout.GrayAlpha or PixelLayout.Rgba;

    public static bool IsGray(this PixelLayout layout) => layout is PixelLayout.Gray or PixelLayout.GrayAlpha;
}
