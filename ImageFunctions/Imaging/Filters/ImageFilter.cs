using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>
/// A filter: its name, description and parameters, and how it changes an image. Every concrete subclass in this
/// assembly is found by <see cref="FilterCatalog"/>, so a filter is one class in one file and is listed nowhere else.
/// </summary>
/// <param name="order">Where the filter stands in <c>GET /filters</c>, the OpenAPI text and error messages (ascending, unique).</param>
/// <param name="name">The name written in chains: lower case letters, digits and underscores.</param>
/// <param name="description">What the filter does, as <c>GET /filters</c> shows it.</param>
/// <param name="parameters">Its parameters, in the order their arguments are written (<c>name:1.5:2</c>).</param>
internal abstract class ImageFilter(int order, string name, string description, params FilterParameterInfo[] parameters)
{
    /// <summary>Where the filter stands in every list of filters: they are listed by ascending order.</summary>
    public int Order { get; } = order;

    /// <summary>The public view of the filter that <c>GET /filters</c> and the OpenAPI document show.</summary>
    public FilterInfo Info { get; } = new(name, description, parameters);

    /// <summary>The name written in chains, lower case.</summary>
    public string Name => Info.Name;

    /// <summary>The parameters, in the order their arguments are written.</summary>
    public IReadOnlyList<FilterParameterInfo> Parameters => Info.Parameters;

    /// <summary>
    /// True when the filter gives exactly the pixels of the reference its golden images come from (Pillow, for the
    /// Pillow filters); false when it only comes close (<c>gaussian_blur</c>), and the golden tests allow a small difference.
    /// </summary>
    public virtual bool IsPixelExact => true;

    /// <summary>
    /// Filters <paramref name="image"/> with validated <paramref name="arguments"/> (one per parameter, defaults filled in);
    /// takes ownership of the image and returns the result (maybe the same instance).
    /// </summary>
    public abstract WorkingImage Apply(WorkingImage image, IReadOnlyList<double> arguments);
}
