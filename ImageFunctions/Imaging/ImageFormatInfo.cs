namespace ImageFunctions.Imaging;

/// <summary>A format we can decode, as sniffed from the bytes.</summary>
/// <param name="Name">Short lower-case name: png, jpeg, gif, bmp, webp or tiff.</param>
/// <param name="MimeType">The media type, e.g. image/png.</param>
/// <param name="Extension">The file extension with its leading dot, e.g. .png or .jpg.</param>
public sealed record ImageFormatInfo(string Name, string MimeType, string Extension)
{
    public static ImageFormatInfo Png { get; } = new("png", "image/png", ".png");

    public static ImageFormatInfo Jpeg { get; } = new("jpeg", "image/jpeg", ".jpg");

    public static ImageFormatInfo Gif { get; } = new("gif", "image/gif", ".gif");

    public static ImageFormatInfo Bmp { get; } = new("bmp", "image/bmp", ".bmp");

    public static ImageFormatInfo Webp { get; } = new("webp", "image/webp", ".webp");

    public static ImageFormatInfo Tiff { get; } = new("tiff", "image/tiff", ".tiff");

    /// <summary>Every format we decode (what <see cref="ImageFormatSniffer"/> recognises), in the order the API lists them.</summary>
    public static IReadOnlyList<ImageFormatInfo> All { get; } = [Jpeg, Png, Gif, Bmp, Webp, Tiff];
}
