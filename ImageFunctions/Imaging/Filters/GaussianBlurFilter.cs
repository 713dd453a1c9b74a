using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>A Gaussian blur close to Pillow's <c>GaussianBlur(radius)</c>, not bit-identical (see <see cref="GaussianBlur"/>).</summary>
internal sealed class GaussianBlurFilter() : ImageFilter(
    order: 12,
    name: "gaussian_blur",
    description: "Gaussian blur (three extended box passes, like Pillow's GaussianBlur), e.g. gaussian_blur:2.5.",
    new FilterParameterInfo("radius", "number", 0.1, 50, 2, "Standard deviation of the blur, in pixels."))
{
    public override bool IsPixelExact => false;

    public override WorkingImage Apply(WorkingImage image, IReadOnlyList<double> arguments) => GaussianBlur.Apply(image, arguments[0]);
}
