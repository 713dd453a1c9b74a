using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>Pillow's <c>ImageFilter.FIND_EDGES</c>, pixel for pixel.</summary>
internal sealed class EdgesFilter() : KernelFilter(
    order: 3,
    name: "edges",
    description: "Pillow ImageFilter.FIND_EDGES: 3x3 Laplacian edge detection.",
    kernel: new ConvolutionKernel(
        size: 3,
        weights:
        [
            -1, -1, -1,
            -1,  8, -1,
            -1, -1, -1,
        ],
        scale: 1,
        offset: 0));
