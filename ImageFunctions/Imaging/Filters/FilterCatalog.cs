namespace ImageFunctions.Imaging;

/// <summary>The registry of filters that the API, the OpenAPI document and the parser all read.</summary>
public static class FilterCatalog
{
    private static readonly FilterParameterInfo[] _noParameters = [];

    /// <summary>Every filter, in a stable order.</summary>
    public static IReadOnlyList<FilterInfo> All { get; } =
    [
        new("blur", "Pillow ImageFilter.BLUR: 5x5 ring average.", _noParameters),
        new("sharpen", "Pillow ImageFilter.SHARPEN.", _noParameters),
        new("edges", "Pillow ImageFilter.FIND_EDGES: 3x3 Laplacian edge detection.", _noParameters),
        new("smooth", "Pillow ImageFilter.SMOOTH.", _noParameters),
        new("smooth_more", "Pillow ImageFilter.SMOOTH_MORE: stronger 5x5 smoothing.", _noParameters),
        new("contour", "Pillow ImageFilter.CONTOUR: dark outlines on white.", _noParameters),
        new("detail", "Pillow ImageFilter.DETAIL: mild sharpening.", _noParameters),
        new("edge_enhance", "Pillow ImageFilter.EDGE_ENHANCE.", _noParameters),
        new("edge_enhance_more", "Pillow ImageFilter.EDGE_ENHANCE_MORE.", _noParameters),
        new("emboss", "Pillow ImageFilter.EMBOSS: relief on mid gray.", _noParameters),
        new("grayscale", "Pillow convert(\"L\"): ITU-R 601-2 luma, written as 8-bit gray (alpha kept when present).", _noParameters),
        new(
            "gaussian_blur",
            "Gaussian blur (three extended box passes, like Pillow's GaussianBlur), e.g. gaussian_blur:2.5.",
            [new FilterParameterInfo("radius", "number", 0.1, 50, 2, "Standard deviation of the blur, in pixels.")]),
        new("invert", "Negative of the colour channels; alpha is kept.", _noParameters),
        new("sepia", "Warm brown sepia tone; alpha is kept.", _noParameters),
    ];

    /// <summary>The names of <see cref="All"/>, in the same order.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(f => f.Name).ToArray();

    /// <summary>The filter called <paramref name="name"/> (lower case), or null.</summary>
    public static FilterInfo? Find(string name)
    {
        foreach (var filter in All)
        {
            if (string.Equals(filter.Name, name, StringComparison.Ordinal))
            {
                return filter;
            }
        }

        return null;
    }
}
