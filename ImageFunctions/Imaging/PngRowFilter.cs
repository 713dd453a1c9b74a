namespace ImageFunctions.Imaging;

/// <summary>The PNG row filter used when writing PNG (the filter types of the PNG specification).</summary>
/// <remarks>
/// Measured at 1920x1080 with zlib level 1 (see docs/benchmarks.md): <see cref="Up"/> is both the fastest and
/// the smallest on photos and as small as the adaptive choice on flat, UI-like images, so it is the default.
/// </remarks>
public enum PngRowFilter
{
    /// <summary>Each row picks the filter with the smallest sum of absolute differences (slowest).</summary>
    Adaptive,

    /// <summary>No filtering: raw bytes go to zlib (fast to filter, large).</summary>
    None,

    /// <summary>Difference to the pixel on the left.</summary>
    Sub,

    /// <summary>Difference to the pixel above.</summary>
    Up,

    /// <summary>Difference to the mean of left and above.</summary>
    Average,

    /// <summary>Difference to the Paeth predictor of left, above and upper-left.</summary>
    Paeth,
}
