using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>Pillow's <c>ImageFilter.SMOOTH_MORE</c>, pixel for pixel.</summary>
internal sealed class SmoothMoreFilter() : KernelFilter(
    order: 5,
    name: "smooth_more",
    description: "Pillow ImageFilter.SMOOTH_MORE: stronger 5x5 smoothing.",
    kernel: new ConvolutionKernel(
        size: 5,
        weights:
        [
             1,  1,  1,  1,  1,
             1,  5,  5,  5,  1,
             1,  5, 44,  5,  1,
             1,  5,  5,  5,  1,
             1,  1,  1,  1,  1,
        ],
        scale: 100,
        offset: 0));
