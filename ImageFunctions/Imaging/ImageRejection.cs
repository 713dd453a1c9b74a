namespace ImageFunctions.Imaging;

/// <summary>Why an image was refused. The HTTP layer maps: TooLarge 413, UnsupportedFormat 415, Invalid 422.</summary>
public enum ImageRejection
{
    TooLarge,
    UnsupportedFormat,
    Invalid,
}
