namespace ImageFunctions.Imaging;

/// <summary>What an upload's header says: its real format and its size. No pixel decoded.</summary>
public sealed record IdentifiedImage(ImageFormatInfo Format, int Width, int Height)
{
    /// <summary>Width × height.</summary>
    public long Pixels => (long)Width * Height;
}
