using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace ImageFunctions.Api.Docs;

/// <summary>
/// The files of swagger-ui-dist that the Swashbuckle.AspNetCore.SwaggerUI package embeds in its assembly
/// (gzip-compressed resources named <c>Swashbuckle.AspNetCore.SwaggerUI.node_modules.swagger_ui_dist.{file}</c>),
/// read once into memory and served by name. Only these names exist: nothing is read from disk.
/// </summary>
public sealed class SwaggerUiAssets
{
    /// <summary>The resource name prefix of swagger-ui-dist's files.</summary>
    public const string ResourcePrefix = "Swashbuckle.AspNetCore.SwaggerUI.node_modules.swagger_ui_dist.";

    private static readonly Lazy<SwaggerUiAssets> Shared = new(() => Load(typeof(SwaggerUIOptions).Assembly));
    private readonly Dictionary<string, CachedContent> _assets;

    private SwaggerUiAssets(Dictionary<string, CachedContent> assets) => _assets = assets;

    /// <summary>The assets of the referenced Swashbuckle.AspNetCore.SwaggerUI package.</summary>
    public static SwaggerUiAssets Default => Shared.Value;

    /// <summary>The file names served, e.g. <c>swagger-ui-bundle.js</c>.</summary>
    public IReadOnlyCollection<string> Names => _assets.Keys;

    /// <summary>Reads every swagger-ui-dist resource of <paramref name="assembly"/>; throws when the bundle is missing.</summary>
    public static SwaggerUiAssets Load(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var contentTypes = new FileExtensionContentTypeProvider();
        var assets = new Dictionary<string, CachedContent>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var contentType = contentTypes.TryGetContentType(name, out var known) ? known : "text/plain";
            if (contentType.StartsWith("text/", StringComparison.Ordinal))
            {
                contentType += "; charset=utf-8";
            }

            assets[name] = CachedContent.Create(buffer.ToArray(), contentType);
        }

        if (!assets.ContainsKey("swagger-ui-bundle.js") || !assets.ContainsKey("swagger-ui.css"))
        {
            throw new InvalidOperationException(
                $"{assembly.GetName().Name} does not embed swagger-ui-dist under '{ResourcePrefix}'; the /docs page cannot be served.");
        }

        return new SwaggerUiAssets(assets);
    }

    /// <summary>The asset called <paramref name="name"/> (exact, case-sensitive), if any.</summary>
    public CachedContent? Find(string name) => _assets.GetValueOrDefault(name);

    /// <summary>The URL of <paramref name="name"/> relative to the <c>/docs</c> page, stamped with its version for long caching.</summary>
    public string UrlOf(string name) =>
        $"docs/{name}?v={(_assets.TryGetValue(name, out var asset) ? asset.Version : throw new KeyNotFoundException($"No Swagger UI asset '{name}'."))}";
}
