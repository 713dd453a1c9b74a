using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>Pillow's <c>ImageFilter.BLUR</c>, pixel for pixel.</summary>
internal sealed class BlurFilter() : KernelFilter(
    order: 1,
    name: "blur",
    description: "Pillow ImageFilter.BLUR: 5x5 ring average.",
    kernel: new ConvolutionKernel(
        size: 5,
        weights:
        [
            1, 1, 1, 1, 1,
            1, 0, 0, 0, 1,
            1, 0, 0, 0, 1,
            1, 0, 0, 0, 1,
            1, 1, 1, 1, 1,
        ],
        scale: 16,
        offset: 0));
