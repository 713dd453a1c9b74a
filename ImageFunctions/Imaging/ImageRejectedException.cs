namespace ImageFunctions.Imaging;

/// <summary>A typed refusal of an image, with a message fit for the user.</summary>
public sealed class ImageRejectedException(ImageRejection reason, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ImageRejection Reason { get; } = reason;
}
