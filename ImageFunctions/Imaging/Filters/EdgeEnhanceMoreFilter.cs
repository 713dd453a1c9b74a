using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>Pillow's <c>ImageFilter.EDGE_ENHANCE_MORE</c>, pixel for pixel.</summary>
internal sealed class EdgeEnhanceMoreFilter() : KernelFilter(
    order: 9,
    name: "edge_enhance_more",
    description: "Pillow ImageFilter.EDGE_ENHANCE_MORE.",
    kernel: new ConvolutionKernel(
        size: 3,
        weights:
        [
            -1, -1, -1,
            -1,  9, -1,
            -1, -1, -1,
        ],
        scale: 1,
        offset: 0));
