using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Imaging;

/// <summary>Pillow's <c>ImageFilter.EMBOSS</c>, pixel for pixel.</summary>
internal sealed class EmbossFilter() : KernelFilter(
    order: 10,
    name: "emboss",
    description: "Pillow ImageFilter.EMBOSS: relief on mid gray.",
    kernel: new ConvolutionKernel(
        size: 3,
        weights:
        [
            -1,  0,  0,
             0,  1,  0,
             0,  0,  0,
        ],
        scale: 1,
        offset: 128));
