using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>The negative of the colour (or gray) channels, alpha kept (see <see cref="Invert"/>).</summary>
internal sealed class InvertFilter() : ImageFilter(
    order: 13,
    name: "invert",
    description: "Negative of the colour channels; alpha is kept.")
{
    public override WorkingImage Apply(WorkingImage image, IReadOnlyList<double> arguments) => Invert.Apply(image);
}
