using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>A filter that is one <see cref="ConvolutionKernel"/>, applied like Pillow's <c>Image.filter(Kernel)</c>; no parameters.</summary>
internal abstract class KernelFilter(int order, string name, string description, ConvolutionKernel kernel)
    : ImageFilter(order, name, description)
{
    /// <summary>The kernel the filter applies (the benchmarks and kernel tests use it directly).</summary>
    public ConvolutionKernel Kernel { get; } = kernel;

    public sealed override WorkingImage Apply(WorkingImage image, IReadOnlyList<double> arguments) =>
        KernelConvolution.Apply(image, Kernel);
}
