using System.Text;
using System.Text.RegularExpressions;
using ImageFunctions.Api.Assets;

namespace ImageFunctions.Api.Page;

/// <summary>
/// The web page for people (<c>/</c>): <c>index.html</c> and the files it loads (<c>page/app.js</c>, <c>page/app.css</c>,
/// <c>page/icon.svg</c>), embedded in this assembly from <c>Api/Page/</c>. Plain HTML, CSS and JavaScript: nothing is
/// built, nothing is fetched from outside the app.
/// </summary>
public static partial class WebPageAssets
{
    /// <summary>The resource name of the page's template.</summary>
    public const string TemplateResource = "ImageFunctions.Page.index.html";

    /// <summary>The resource name prefix of the files the page loads.</summary>
    public const string FilesResourcePrefix = "ImageFunctions.Page.files.";

    private static readonly Lazy<EmbeddedAssets> SharedFiles = new(() => EmbeddedAssets.Load(typeof(WebPageAssets).Assembly, FilesResourcePrefix, "page/", compress: true));

    /// <summary>The files the page loads, served under <c>page/</c>.</summary>
    public static EmbeddedAssets Files => SharedFiles.Value;

    /// <summary>The page of this assembly, its file URLs stamped with their versions.</summary>
    public static CachedContent CreatePage() =>
        CreatePage(Encoding.UTF8.GetString(EmbeddedAssets.Read(typeof(WebPageAssets).Assembly, TemplateResource)), Files);

    /// <summary>
    /// <paramref name="template"/> with every <c>href="page/x"</c> and <c>src="page/x"</c> stamped with the version of
    /// <c>x</c> in <paramref name="files"/>, so that the files can be cached for good; a file it names that is missing throws.
    /// </summary>
    public static CachedContent CreatePage(string template, EmbeddedAssets files)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(files);
        var html = FileReference().Replace(template, m => m.Groups["attribute"].Value + "=\"" + files.UrlOf(m.Groups["name"].Value) + "\"");
        return CachedContent.Create(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8");
    }

    [GeneratedRegex("(?<attribute>href|src)=\"page/(?<name>[^\"?#]+)\"")]
    private static partial Regex FileReference();
}
