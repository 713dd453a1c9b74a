namespace ImageFunctions.Imaging;

/// <summary>Limits applied before any pixel is decoded.</summary>
/// <param name="MaxBytes">Largest encoded size accepted, in bytes (default 25 MiB).</param>
/// <param name="MaxPixels">Largest width x height accepted (default 40 megapixels).</param>
public sealed record ImageLimits(long MaxBytes = 25L * 1024 * 1024, long MaxPixels = 40_000_000);
