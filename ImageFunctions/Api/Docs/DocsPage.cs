using System.Net;
using System.Text;
using ImageFunctions.Api.Assets;

namespace ImageFunctions.Api.Docs;

/// <summary>
/// The Swagger UI page. Every URL in it is relative to the page (<c>docs/...</c> assets, <c>openapi.json</c>),
/// so it works under any host name or route prefix, and nothing is fetched from outside the app.
/// </summary>
public static class DocsPage
{
    /// <summary>The page's title.</summary>
    public const string Title = "ImageFunctions API";

    /// <summary>The page built against <paramref name="assets"/>, whose versions stamp the asset URLs.</summary>
    public static CachedContent Create(EmbeddedAssets assets)
    {
        ArgumentNullException.ThrowIfNull(assets);
        string Url(string name) => WebUtility.HtmlEncode(assets.UrlOf(name));
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>{{Title}}</title>
              <link rel="stylesheet" type="text/css" href="{{Url("swagger-ui.css")}}">
              <link rel="stylesheet" type="text/css" href="{{Url("index.css")}}">
              <link rel="icon" type="image/png" href="{{Url("favicon-32x32.png")}}" sizes="32x32">
              <link rel="icon" type="image/png" href="{{Url("favicon-16x16.png")}}" sizes="16x16">
            </head>
            <body>
              <div id="swagger-ui"></div>
              <script src="{{Url("swagger-ui-bundle.js")}}" charset="utf-8"></script>
              <script>
                window.addEventListener("load", function () {
                  window.ui = SwaggerUIBundle({
                    url: new URL("openapi.json", document.baseURI).href,
                    dom_id: "#swagger-ui",
                    deepLinking: true,
                    validatorUrl: null,
                    presets: [SwaggerUIBundle.presets.apis],
                    layout: "BaseLayout"
                  });
                });
              </script>
            </body>
            </html>

            """;
        return CachedContent.Create(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8");
    }
}
