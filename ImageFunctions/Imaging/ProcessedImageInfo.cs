namespace ImageFunctions.Imaging;

/// <summary>What <see cref="ImagePipeline.Process"/> wrote: the format and the final size (after EXIF rotation).</summary>
public sealed record ProcessedImageInfo(ImageFormatInfo Format, int Width, int Height);
