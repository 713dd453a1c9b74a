using ImageFunctions.Imaging.Codecs;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Tests.Unit.Imaging;

public sealed class ReusingMemoryAllocatorTests
{
    private const int Large = (ReusingMemoryAllocator.SmallBufferBytes / 3) + 1000;

    [Fact]
    public void Allocate_LargeAfterDispose_ReusesTheBuffer()
    {
        var allocator = new ReusingMemoryAllocator(64);
        var first = allocator.Allocate<Rgb24>(Large);
        first.Memory.Span[0] = new Rgb24(1, 2, 3);
        var firstArray = GetArray(first);
        first.Dispose();

        using var second = allocator.Allocate<Rgb24>(Large - 10);
        Assert.Same(firstArray, GetArray(second));
        Assert.Equal(Large - 10, second.Memory.Length);
    }

    [Fact]
    public void Allocate_Clean_ClearsAReusedBuffer()
    {
        var allocator = new ReusingMemoryAllocator(64);
        using (var dirty = allocator.Allocate<byte>(ReusingMemoryAllocator.SmallBufferBytes + 1))
        {
            dirty.Memory.Span.Fill(0xAB);
        }

        using var clean = allocator.Allocate<byte>(ReusingMemoryAllocator.SmallBufferBytes + 1, AllocationOptions.Clean);
        Assert.DoesNotContain(clean.Memory.Span.ToArray(), b => b != 0);
    }

    [Fact]
    public void Allocate_LiveBuffers_AreDistinct_AndOtherTypesOrSizesAreNotShared()
    {
        var allocator = new ReusingMemoryAllocator(64);
        using var a = allocator.Allocate<Rgb24>(Large);
        using var b = allocator.Allocate<Rgb24>(Large);
        Assert.NotSame(GetArray(a), GetArray(b));

        var rgb = allocator.Allocate<Rgb24>(Large);
        var array = GetArray(rgb);
        rgb.Dispose();
        rgb.Dispose(); // twice is harmless: the buffer is given back once
        using var bytes = allocator.Allocate<byte>(Large * 3);
        using var tiny = allocator.Allocate<Rgb24>(Large / 4);
        using var again = allocator.Allocate<Rgb24>(Large);
        using var another = allocator.Allocate<Rgb24>(Large);
        Assert.Same(array, GetArray(again));
        Assert.NotSame(array, GetArray(another));
    }

    [Fact]
    public void Allocate_OverTheLimit_ThrowsInvalidMemoryOperation()
    {
        var allocator = new ReusingMemoryAllocator(8);
        Assert.Throws<InvalidMemoryOperationException>(() => allocator.Allocate<Rgba32>((8 << 20) / 4 + 1));
        using var image = new Image<Rgb24>(new Configuration { MemoryAllocator = allocator, PreferContiguousImageBuffers = true }, 1600, 1200);
        Assert.True(image.DangerousTryGetSinglePixelMemory(out _));
        Assert.Throws<InvalidMemoryOperationException>(() => new Image<Rgba32>(new Configuration { MemoryAllocator = allocator }, 2000, 2000));
    }

    private static object GetArray<T>(System.Buffers.IMemoryOwner<T> owner)
    {
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray<T>(owner.Memory, out var segment));
        return segment.Array!;
    }
}
