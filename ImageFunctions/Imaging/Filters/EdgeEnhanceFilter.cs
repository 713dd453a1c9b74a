using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>Pillow's <c>ImageFilter.EDGE_ENHANCE</c>, pixel for pixel.</summary>
internal sealed class EdgeEnhanceFilter() : KernelFilter(
    order: 8,
    name: "edge_enhance",
    description: "Pillow ImageFilter.EDGE_ENHANCE.",
    kernel: new ConvolutionKernel(
        size: 3,
        weights:
        [
            -1, -1, -1,
            -1, 10, -1,
            -1, -1, -1,
        ],
        scale: 2,
        offset: 0));
