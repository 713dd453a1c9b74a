using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>Pillow's <c>ImageFilter.SHARPEN</c>, pixel for pixel.</summary>
internal sealed class SharpenFilter() : KernelFilter(
    order: 2,
    name: "sharpen",
    description: "Pillow ImageFilter.SHARPEN.",
    kernel: new ConvolutionKernel(
        size: 3,
        weights:
        [
            -2, -2, -2,
            -2, 32, -2,
            -2, -2, -2,
        ],
        scale: 16,
        offset: 0));
