using ImageFunctions.Imaging.Codecs;
using SixLabors.ImageSharp;

namespace ImageFunctions.Imaging;

/// <summary>An image whose header and metadata were read and found within the limits; no pixel decoded yet.</summary>
/// <param name="Format">The format, sniffed from the bytes.</param>
/// <param name="Info">ImageSharp's reading of the header.</param>
/// <param name="Metadata">What the engine takes from the metadata (JPEG and PNG).</param>
internal sealed record InspectedImage(ImageFormatInfo Format, IImageInfo Info, ScannedMetadata Metadata)
{
    /// <summary>Width × height.</summary>
    public long Pixels => (long)Info.Width * Info.Height;
}
