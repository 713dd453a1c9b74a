using System.Buffers;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp.Memory;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>
/// ImageSharp allocator that keeps a few large pixel buffers for reuse. ImageSharp 2.1's default allocator pools
/// buffers up to 4 MB only; every larger contiguous buffer (a 1920x1080 RGB image is 6 MB, and the engine needs
/// contiguous images) is fresh native memory with <c>GC.AddMemoryPressure</c>, which costs page faults and
/// about two induced gen-2 collections per decode + filter + encode. Here such buffers are managed arrays: a
/// released one goes back to a small cache (at most <see cref="MaxCachedBytes"/> in all), so a steady stream of
/// similar images allocates nothing. Smaller requests go to ImageSharp's own pooling allocator.
/// </summary>
internal sealed class ReusingMemoryAllocator : MemoryAllocator
{
    /// <summary>Requests up to this size go to ImageSharp's pool.</summary>
    public const int SmallBufferBytes = 4 << 20;

    /// <summary>Upper bound of the bytes kept for reuse when no image holds them.</summary>
    public const long MaxCachedBytes = 128L << 20;

    private readonly MemoryAllocator _small;
    private readonly long _limitBytes;
    private readonly List<Array> _cache = [];
    private long _cachedBytes;

    public ReusingMemoryAllocator(int allocationLimitMegabytes)
    {
        _limitBytes = (long)allocationLimitMegabytes << 20;
        _small = Create(new MemoryAllocatorOptions { AllocationLimitMegabytes = allocationLimitMegabytes });
    }

    public override IMemoryOwner<T> Allocate<T>(int length, AllocationOptions options = AllocationOptions.None)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var bytes = (long)length * Marshal.SizeOf<T>();
        if (bytes > _limitBytes)
        {
            throw new InvalidMemoryOperationException($"Cannot allocate {bytes} bytes; the limit is {_limitBytes} bytes.");
        }

        if (bytes <= SmallBufferBytes)
        {
            return _small.Allocate<T>(length, options);
        }

        var owner = new Owner<T>(this, Rent<T>(length), length);
        if (options.HasFlag(AllocationOptions.Clean))
        {
            owner.Memory.Span.Clear();
        }

        return owner;
    }

    public override void ReleaseRetainedResources()
    {
        lock (_cache)
        {
            _cache.Clear();
            _cachedBytes = 0;
        }

        _small.ReleaseRetainedResources();
    }

    // Large contiguous requests are single arrays; the limit above stays the only cap.
    protected override int GetBufferCapacityInBytes() => int.MaxValue;

    private static long SizeOf(Array array) => (long)array.Length * Marshal.SizeOf(array.GetType().GetElementType()!);

    private T[] Rent<T>(int length)
        where T : struct
    {
        lock (_cache)
        {
            // The smallest cached array of this element type that fits and wastes at most half of itself.
            var best = -1;
            for (var i = 0; i < _cache.Count; i++)
            {
                if (_cache[i] is T[] candidate
                    && candidate.Length >= length
                    && candidate.Length / 2 <= length
                    && (best < 0 || candidate.Length < _cache[best].Length))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                var array = (T[])_cache[best];
                _cache.RemoveAt(best);
                _cachedBytes -= SizeOf(array);
                return array;
            }
        }

        return GC.AllocateUninitializedArray<T>(length);
    }

    private void Return(Array array)
    {
        var bytes = SizeOf(array);
        lock (_cache)
        {
            // Drop the oldest arrays to stay under the bound (the newest sizes are the likeliest to come again).
            while (_cache.Count > 0 && _cachedBytes + bytes > MaxCachedBytes)
            {
                _cachedBytes -= SizeOf(_cache[0]);
                _cache.RemoveAt(0);
            }

            if (bytes <= MaxCachedBytes)
            {
                _cache.Add(array);
                _cachedBytes += bytes;
            }
        }
    }

    /// <summary>The first <paramref name="length"/> elements of a cached array; disposing gives the array back (once).</summary>
    private sealed class Owner<T>(ReusingMemoryAllocator allocator, T[] array, int length) : IMemoryOwner<T>
        where T : struct
    {
        private T[]? _array = array;

        public Memory<T> Memory => (_array ?? throw new ObjectDisposedException(nameof(ReusingMemoryAllocator))).AsMemory(0, length);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } returned)
            {
                allocator.Return(returned);
            }
        }
    }
}
