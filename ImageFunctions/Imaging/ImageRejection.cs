namespace ImageFunctions.Imaging;

/// <summary>
/// Why an image was refused. The HTTP layer maps: TooLarge 413, UnsupportedFormat 415, Invalid and ExcessiveMetadata 422.
/// </summary>
public enum ImageRejection
{
    TooLarge,
    UnsupportedFormat,
    Invalid,

    /// <summary>More metadata segments or bytes than <see cref="ImageLimits.MaxMetadataSegments"/> and <see cref="ImageLimits.MaxMetadataBytes"/> allow.</summary>
    ExcessiveMetadata,
}
