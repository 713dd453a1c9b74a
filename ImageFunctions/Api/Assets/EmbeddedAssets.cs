using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;

namespace ImageFunctions.Api.Assets;

/// <summary>
/// Files embedded in an assembly as resources named <c>{prefix}{file name}</c>, read once into memory and served by
/// name (Swagger UI's, the web page's). Only these names exist: nothing is read from disk.
/// </summary>
public sealed class EmbeddedAssets
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private readonly Dictionary<string, CachedContent> _assets;
    private readonly string _urlPrefix;

    private EmbeddedAssets(Dictionary<string, CachedContent> assets, string urlPrefix)
    {
        _assets = assets;
        _urlPrefix = urlPrefix;
    }

    /// <summary>The file names served, e.g. <c>app.js</c>.</summary>
    public IReadOnlyCollection<string> Names => _assets.Keys;

    /// <summary>
    /// Reads every resource of <paramref name="assembly"/> whose name starts with <paramref name="resourcePrefix"/>; the rest
    /// of the name is the file name. <paramref name="urlPrefix"/> is the folder of their URLs (<see cref="UrlOf"/>).
    /// With <paramref name="compress"/>, files are kept gzip-compressed when that makes them smaller; resources already
    /// compressed are kept as they are either way.
    /// </summary>
    public static EmbeddedAssets Load(Assembly assembly, string resourcePrefix, string urlPrefix, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var assets = new Dictionary<string, CachedContent>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(resourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[resourcePrefix.Length..];
            var body = Read(assembly, resource);
            var contentType = ContentTypeOf(name);
            assets[name] = compress && body is not [0x1f, 0x8b, ..]
                ? CachedContent.CreateCompressed(body, contentType)
                : CachedContent.Create(body, contentType);
        }

        return new EmbeddedAssets(assets, urlPrefix);
    }

    /// <summary>The bytes of one resource of <paramref name="assembly"/>; throws when it is missing.</summary>
    public static byte[] Read(Assembly assembly, string resource)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no embedded resource '{resource}'.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>The media type of a file name by its extension; text types in UTF-8.</summary>
    public static string ContentTypeOf(string name)
    {
        var contentType = ContentTypes.TryGetContentType(name, out var known) ? known : "text/plain";
        return contentType.StartsWith("text/", StringComparison.Ordinal) ? contentType + "; charset=utf-8" : contentType;
    }

    /// <summary>The file called <paramref name="name"/> (exact, case-sensitive), if any.</summary>
    public CachedContent? Find(string name) => _assets.GetValueOrDefault(name);

    /// <summary>The URL of <paramref name="name"/> relative to the page that uses it, stamped with its version for long caching.</summary>
    public string UrlOf(string name) =>
        $"{_urlPrefix}{name}?v={(_assets.TryGetValue(name, out var asset) ? asset.Version : throw new KeyNotFoundException($"No embedded file '{name}' under '{_urlPrefix}'."))}";
}
