using System.Reflection;
using ImageFunctions.Api.Assets;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace ImageFunctions.Api.Docs;

/// <summary>
/// The files of swagger-ui-dist that the Swashbuckle.AspNetCore.SwaggerUI package embeds in its assembly
/// (gzip-compressed resources named <c>Swashbuckle.AspNetCore.SwaggerUI.node_modules.swagger_ui_dist.{file}</c>),
/// served under <c>docs/</c>.
/// </summary>
public static class SwaggerUiAssets
{
    /// <summary>The resource name prefix of swagger-ui-dist's files.</summary>
    public const string ResourcePrefix = "Swashbuckle.AspNetCore.SwaggerUI.node_modules.swagger_ui_dist.";

    private static readonly Lazy<EmbeddedAssets> Shared = new(() => Load(typeof(SwaggerUIOptions).Assembly));

    /// <summary>The assets of the referenced Swashbuckle.AspNetCore.SwaggerUI package.</summary>
    public static EmbeddedAssets Default => Shared.Value;

    /// <summary>Reads every swagger-ui-dist resource of <paramref name="assembly"/>; throws when the bundle is missing.</summary>
    public static EmbeddedAssets Load(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var assets = EmbeddedAssets.Load(assembly, ResourcePrefix, "docs/");
        if (assets.Find("swagger-ui-bundle.js") is null || assets.Find("swagger-ui.css") is null)
        {
            throw new InvalidOperationException(
                $"{assembly.GetName().Name} does not embed swagger-ui-dist under '{ResourcePrefix}'; the /docs page cannot be served.");
        }

        return assets;
    }
}
