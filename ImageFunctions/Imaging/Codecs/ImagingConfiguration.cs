using ImageFunctions.Imaging.Processing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Bmp;
using SixLabors.ImageSharp.Formats.Gif;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Tiff;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.Memory;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>
/// The ImageSharp configurations of the engine: only the six formats we accept, contiguous pixel buffers
/// (the filters work on whole-image spans) from an allocator that reuses them, and a per-allocation cap as a
/// second line of defence behind the pixel limit checked on the header. Work on images is counted
/// (<see cref="EnterWork"/>), and <see cref="IdleTrimDelay"/> after the last of it what was kept for reuse is given back.
/// </summary>
internal static class ImagingConfiguration
{
    /// <summary>Largest single buffer ImageSharp may allocate (a 40 MP RGBA image is 160 MB).</summary>
    public const int AllocationLimitMegabytes = 512;

    // Reuses the large contiguous pixel buffers (see ReusingMemoryAllocator): decode + blur + JPEG encode of a
    // 1920x1080 image went from ~39 to ~33 ms once ImageSharp's fresh native buffers and the gen-2 GCs they induce were gone.
    private static readonly ReusingMemoryAllocator SharedAllocator = new(AllocationLimitMegabytes);

    /// <summary>How long the engine must have been idle before <see cref="TrimRetainedMemory"/> runs.</summary>
    public static readonly TimeSpan IdleTrimDelay = TimeSpan.FromSeconds(10);

    private static readonly IdleTrimmer Trimmer = new(IdleTrimDelay, TrimRetainedMemory, TimeProvider.System);

    private static readonly Configuration Parallel = Create(-1);
    private static readonly Configuration SingleThreaded = Create(1);

    /// <summary>The allocator of both configurations (one per process).</summary>
    public static ReusingMemoryAllocator Allocator => SharedAllocator;

    /// <summary>Counts work on an image (decode, process, identify) until the scope is disposed; idle time starts after the last.</summary>
    public static IdleTrimmer.Scope EnterWork() => Trimmer.Enter();

    /// <summary>
    /// Frees the pixel buffers kept for reuse and ImageSharp's pools, then runs one aggressive full collection: the
    /// uploads' and results' byte arrays of the last jobs are garbage on the large object heap, and without new
    /// allocations the garbage collector would neither free them nor give their memory back to the system.
    /// </summary>
    public static void TrimRetainedMemory()
    {
        SharedAllocator.ReleaseRetainedResources();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>The configuration matching <see cref="RowParallel.DegreeForOneImage"/>: single-threaded while the cores are shared between images.</summary>
    public static Configuration Current => RowParallel.DegreeForOneImage == 1 ? SingleThreaded : Parallel;

    private static Configuration Create(int maxDegreeOfParallelism)
    {
        var configuration = new Configuration(
            new PngConfigurationModule(),
            new JpegConfigurationModule(),
            new GifConfigurationModule(),
            new BmpConfigurationModule(),
            new WebpConfigurationModule(),
            new TiffConfigurationModule())
        {
            PreferContiguousImageBuffers = true,
            MemoryAllocator = SharedAllocator,
        };
        if (maxDegreeOfParallelism > 0)
        {
            configuration.MaxDegreeOfParallelism = maxDegreeOfParallelism;
        }

        return configuration;
    }
}
