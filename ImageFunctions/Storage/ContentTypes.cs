namespace ImageFunctions.Storage;

/// <summary>Content types of the files we store, by extension.</summary>
public static class ContentTypes
{
    public static string FromFileName(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".webp" => "image/webp",
        ".gif" => "image/gif",
        ".bmp" => "image/bmp",
        ".tif" or ".tiff" => "image/tiff",
        _ => "application/octet-stream",
    };
}
