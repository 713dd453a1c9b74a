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
        var firstAddress = AddressOf(first);
        first.Dispose();

        using var second = allocator.Allocate<Rgb24>(Large - 10);
        Assert.Equal(firstAddress, AddressOf(second));
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
    public void Allocate_LiveBuffers_AreDistinct_AndTooSmallRequestsDoNotTakeACachedBuffer()
    {
        var allocator = new ReusingMemoryAllocator(64);
        using var a = allocator.Allocate<Rgb24>(Large);
        using var b = allocator.Allocate<Rgb24>(Large);
        Assert.NotEqual(AddressOf(a), AddressOf(b));

        var rgb = allocator.Allocate<Rgb24>(Large);
        var address = AddressOf(rgb);
        rgb.Dispose();
        rgb.Dispose(); // twice is harmless: the buffer is given back once
        using var tiny = allocator.Allocate<Rgb24>(Large / 4); // would waste more than half of the cached buffer
        using var again = allocator.Allocate<byte>(Large * 3); // buffers are bytes: any element type may reuse them
        using var another = allocator.Allocate<Rgb24>(Large);
        Assert.NotEqual(address, AddressOf(tiny));
        Assert.Equal(address, AddressOf(again));
        Assert.NotEqual(address, AddressOf(another));
    }

    [Fact]
    public void Allocate_CountsHeldAndCachedBytes_AndReleaseRetainedResourcesFreesTheCache()
    {
        var allocator = new ReusingMemoryAllocator(512);
        var bytes = ReusingMemoryAllocator.SmallBufferBytes + 1;
        var first = allocator.Allocate<byte>(bytes);
        var second = allocator.Allocate<byte>(bytes);
        Assert.Equal(2L * bytes, allocator.OutstandingBytes);
        Assert.Equal(0, allocator.CachedBytes);

        first.Dispose();
        second.Dispose();
        Assert.Equal(0, allocator.OutstandingBytes);
        Assert.Equal(2L * bytes, allocator.CachedBytes);

        allocator.ReleaseRetainedResources();
        Assert.Equal(0, allocator.CachedBytes);
    }

    [Fact]
    public void Dispose_KeepsAtMostMaxCachedBytes()
    {
        var allocator = new ReusingMemoryAllocator(512);
        var bytes = (int)(ReusingMemoryAllocator.MaxCachedBytes / 3) + 1; // three of them do not fit in the cache
        var buffers = Enumerable.Range(0, 3).Select(_ => allocator.Allocate<byte>(bytes)).ToList();
        buffers.ForEach(b => b.Dispose());

        Assert.Equal(2L * bytes, allocator.CachedBytes);
        Assert.Equal(0, allocator.OutstandingBytes);
        allocator.ReleaseRetainedResources();
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

    /// <summary>Where the buffer's first element is (the buffers are native memory, so the address identifies them).</summary>
    private static nint AddressOf<T>(System.Buffers.IMemoryOwner<T> owner) =>
        System.Runtime.CompilerServices.Unsafe.ByteOffset(
            ref System.Runtime.CompilerServices.Unsafe.NullRef<T>(),
            ref System.Runtime.InteropServices.MemoryMarshal.GetReference(owner.Memory.Span));
}
