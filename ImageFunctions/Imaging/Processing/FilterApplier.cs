namespace ImageFunctions.Imaging.Processing;

/// <summary>Runs one validated <see cref="FilterStep"/>; takes ownership of the image and returns the result.</summary>
internal static class FilterApplier
{
    public static WorkingImage Apply(WorkingImage image, FilterStep step) => step.Name switch
    {
        "blur" => KernelConvolution.Apply(image, ConvolutionKernel.Blur),
        "sharpen" => KernelConvolution.Apply(image, ConvolutionKernel.Sharpen),
        "edges" => KernelConvolution.Apply(image, ConvolutionKernel.FindEdges),
        "smooth" => KernelConvolution.Apply(image, ConvolutionKernel.Smooth),
        "smooth_more" => KernelConvolution.Apply(image, ConvolutionKernel.SmoothMore),
        "contour" => KernelConvolution.Apply(image, ConvolutionKernel.Contour),
        "detail" => KernelConvolution.Apply(image, ConvolutionKernel.Detail),
        "edge_enhance" => KernelConvolution.Apply(image, ConvolutionKernel.EdgeEnhance),
        "edge_enhance_more" => KernelConvolution.Apply(image, ConvolutionKernel.EdgeEnhanceMore),
        "emboss" => KernelConvolution.Apply(image, ConvolutionKernel.Emboss),
        "grayscale" => Grayscale.Apply(image),
        "gaussian_blur" => GaussianBlur.Apply(image, step.Arguments.Count > 0 ? step.Arguments[0] : 2.0),
        "invert" => Invert.Apply(image),
        "sepia" => Sepia.Apply(image),
        _ => throw new ArgumentException($"Unknown filter '{step.Name}'.", nameof(step)),
    };
}
