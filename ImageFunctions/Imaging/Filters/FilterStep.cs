using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>One parsed step of a chain: a filter and its arguments (defaults filled in).</summary>
public sealed record FilterStep
{
    internal FilterStep(ImageFilter filter, IReadOnlyList<double> arguments)
    {
        Filter = filter;
        Arguments = arguments;
    }

    /// <summary>The filter's name, lower case.</summary>
    public string Name => Filter.Name;

    /// <summary>One value per parameter of the filter, in order.</summary>
    public IReadOnlyList<double> Arguments { get; }

    /// <summary>The filter of the registry that the name denotes.</summary>
    internal ImageFilter Filter { get; }

    /// <summary>Runs the step; takes ownership of <paramref name="image"/> and returns the result.</summary>
    internal WorkingImage Apply(WorkingImage image) => Filter.Apply(image, Arguments);
}
