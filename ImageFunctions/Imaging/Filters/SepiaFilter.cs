using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>The classic sepia matrix, alpha kept (see <see cref="Sepia"/>).</summary>
internal sealed class SepiaFilter() : ImageFilter(
    order: 14,
    name: "sepia",
    description: "Warm brown sepia tone; alpha is kept.")
{
    public override WorkingImage Apply(WorkingImage image, IReadOnlyList<double> arguments) => Sepia.Apply(image);
}
