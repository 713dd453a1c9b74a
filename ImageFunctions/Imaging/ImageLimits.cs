namespace ImageFunctions.Imaging;

/// <summary>Limits applied before any pixel is decoded, and the engine's budget of decoded pixels.</summary>
/// <param name="MaxBytes">Largest encoded size accepted, in bytes (default 25 MiB).</param>
/// <param name="MaxPixels">Largest width x height accepted (default 40 megapixels).</param>
/// <param name="MaxMetadataSegments">Most metadata segments (JPEG APPn and COM, PNG text, EXIF and ICC chunks) in one image (default 64).</param>
/// <param name="MaxMetadataBytes">Most bytes in those segments together (default 4 MiB).</param>
/// <param name="PixelBudget">
/// Most pixels the engine holds decoded at once (<see cref="ImagePipeline.ProcessAsync"/>); an image larger than the
/// budget is processed alone (default 40 megapixels).
/// </param>
public sealed record ImageLimits(
    long MaxBytes = 25L * 1024 * 1024,
    long MaxPixels = 40_000_000,
    int MaxMetadataSegments = 64,
    long MaxMetadataBytes = 4L * 1024 * 1024,
    long PixelBudget = 40_000_000);
