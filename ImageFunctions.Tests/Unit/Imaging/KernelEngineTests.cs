using System.Numerics;
using ImageFunctions.Imaging;
using ImageFunctions.Imaging.Codecs;
using ImageFunctions.Imaging.Processing;

namespace ImageFunctions.Tests.Unit.Imaging;

/// <summary>
/// The integer engine and parallel bands must give exactly what the float32 (Pillow-order) engine gives, for the
/// kernel of every <see cref="KernelFilter"/> of the <see cref="FilterCatalog"/>.
/// </summary>
public sealed class KernelEngineTests
{
    public static TheoryData<string, int> IntegerKernels()
    {
        var data = new TheoryData<string, int>();
        foreach (var filter in KernelFilters().Where(f => f.Kernel.UsesIntegers))
        {
            foreach (var layout in new[] { 1, 2, 3, 4 })
            {
                data.Add(filter.Name, layout);
            }
        }

        return data;
    }

    [Fact]
    public void UsesIntegers_PowerOfTwoScales_AreTheIntegerKernels()
    {
        var integer = KernelFilters().Where(f => f.Kernel.UsesIntegers).Select(f => f.Name).Order();
        var powerOfTwo = KernelFilters().Where(f => BitOperations.IsPow2(f.Kernel.Scale)).Select(f => f.Name).Order();
        Assert.NotEmpty(integer);
        Assert.Equal(powerOfTwo, integer);
    }

    [Theory]
    [MemberData(nameof(IntegerKernels))]
    public void Apply_IntegerEngine_EqualsFloatEngine(string name, int layout)
    {
        var kernel = KernelFilters().Single(f => f.Name == name).Kernel;
        foreach (var (width, height) in new[] { (97, 61), (7, 5), (33, 40) })
        {
            var integer = KernelConvolution.Apply(Noise((PixelLayout)layout, width, height, seed: width), kernel);
            var floating = KernelConvolution.Apply(Noise((PixelLayout)layout, width, height, seed: width), kernel, forceFloat: true);
            try
            {
                Assert.True(integer.Bytes.SequenceEqual(floating.Bytes), $"{name} {width}x{height} layout {layout}");
            }
            finally
            {
                integer.Dispose();
                floating.Dispose();
            }
        }
    }

    [Fact]
    public void Apply_ParallelBands_EqualSingleThreaded()
    {
        Assert.NotEmpty(KernelFilters());
        foreach (var (name, kernel) in KernelFilters().Select(f => (f.Name, f.Kernel)))
        {
            var parallel = KernelConvolution.Apply(Noise(PixelLayout.Rgb, 700, 500, seed: 3), kernel);
            var previous = RowParallel.MaxDegreeOfParallelism;
            WorkingImage single;
            RowParallel.MaxDegreeOfParallelism = 1;
            try
            {
                single = KernelConvolution.Apply(Noise(PixelLayout.Rgb, 700, 500, seed: 3), kernel);
            }
            finally
            {
                RowParallel.MaxDegreeOfParallelism = previous;
            }

            using (parallel)
            using (single)
            {
                Assert.True(parallel.Bytes.SequenceEqual(single.Bytes), name);
            }
        }
    }

    [Fact]
    public void Apply_ImageSmallerThanKernel_IsUnchanged()
    {
        using var source = Noise(PixelLayout.Rgba, 4, 9, seed: 1);
        var before = source.Bytes.ToArray();
        var result = KernelConvolution.Apply(source, FilterCatalog.Get<BlurFilter>().Kernel);
        Assert.Same(source, result);
        Assert.Equal(before, result.Bytes.ToArray());
    }

    private static KernelFilter[] KernelFilters() => FilterCatalog.Filters.OfType<KernelFilter>().ToArray();

    private static WorkingImage Noise(PixelLayout layout, int width, int height, int seed)
    {
        var image = WorkingImage.Create(ImagingConfiguration.Current, layout, width, height);
        new Random(seed).NextBytes(image.Bytes);
        return image;
    }
}
