namespace ImageFunctions.Imaging;

/// <summary>The format to write; <see cref="Original"/> keeps the source's format where we encode it well.</summary>
public enum OutputFormat
{
    Original,
    Jpeg,
    Png,
    Webp,
}
