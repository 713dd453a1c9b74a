namespace ImageFunctions.Storage;

/// <summary>Operations built from <see cref="IImageStore"/>'s own, the same for every store.</summary>
public static class ImageStoreExtensions
{
    /// <summary>Copies one object to another name (used by the result cache); false when the source is gone.</summary>
    public static async Task<bool> CopyAsync(
        this IImageStore store, string sourceContainer, string sourceName, string targetContainer, string targetName, CancellationToken cancellationToken)
    {
        await using var source = await store.OpenReadAsync(sourceContainer, sourceName, cancellationToken);
        if (source is null)
        {
            return false;
        }

        await store.SaveAsync(targetContainer, targetName, source.Content, source.Info.ContentType, cancellationToken);
        return true;
    }
}
