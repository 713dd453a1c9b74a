using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>Pillow's <c>ImageFilter.DETAIL</c>, pixel for pixel.</summary>
internal sealed class DetailFilter() : KernelFilter(
    order: 7,
    name: "detail",
    description: "Pillow ImageFilter.DETAIL: mild sharpening.",
    kernel: new ConvolutionKernel(
        size: 3,
        weights:
        [
             0, -1,  0,
            -1, 10, -1,
             0, -1,  0,
        ],
        scale: 6,
        offset: 0));
