using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>Concurrent images share the cores instead of each taking all of them (no oversubscription).</summary>
public sealed class RowParallelTests
{
    [Fact]
    public void DegreeForOneImage_TwoImagesInProgress_GetAtMostHalfTheCoresEach()
    {
        // Other tests may have images in progress at the same time; they can only lower the degree further.
        using var first = RowParallel.EnterImage();
        using var second = RowParallel.EnterImage();

        Assert.True(RowParallel.ImagesInProgress >= 2);
        Assert.InRange(RowParallel.DegreeForOneImage, 1, Math.Max(1, Environment.ProcessorCount / 2));
    }
}
