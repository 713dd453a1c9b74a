using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>Pillow's <c>convert("L")</c>, pixel for pixel, keeping alpha (see <see cref="Grayscale"/>).</summary>
internal sealed class GrayscaleFilter() : ImageFilter(
    order: 11,
    name: "grayscale",
    description: "Pillow convert(\"L\"): ITU-R 601-2 luma, written as 8-bit gray (alpha kept when present).")
{
    public override WorkingImage Apply(WorkingImage image, IReadOnlyList<double> arguments) => Grayscale.Apply(image);
}
