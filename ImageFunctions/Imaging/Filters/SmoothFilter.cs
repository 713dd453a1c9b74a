using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>Pillow's <c>ImageFilter.SMOOTH</c>, pixel for pixel.</summary>
internal sealed class SmoothFilter() : KernelFilter(
    order: 4,
    name: "smooth",
    description: "Pillow ImageFilter.SMOOTH.",
    kernel: new ConvolutionKernel(
        size: 3,
        weights:
        [
            1, 1, 1,
            1, 5, 1,
            1, 1, 1,
        ],
        scale: 13,
        offset: 0));
