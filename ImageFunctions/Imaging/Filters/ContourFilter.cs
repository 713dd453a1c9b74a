using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>Pillow's <c>ImageFilter.CONTOUR</c>, pixel for pixel.</summary>
internal sealed class ContourFilter() : KernelFilter(
    order: 6,
    name: "contour",
    description: "Pillow ImageFilter.CONTOUR: dark outlines on white.",
    kernel: new ConvolutionKernel(
        size: 3,
        weights:
        [
            -1, -1, -1,
            -1,  8, -1,
            -1, -1, -1,
        ],
        scale: 1,
        offset: 255));
