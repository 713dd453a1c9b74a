using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SixLabors.ImageSharp.Memory;

namespace ImageFunctions.Imaging.Codecs;

/// <summary>
/// ImageSharp allocator for the engine's large pixel buffers. ImageSharp 2.1's default allocator pools buffers up to
/// 4 MB only; every larger contiguous buffer (a 1920x1080 RGB image is 6 MB, a 40 MP one 120 MB) is fresh native
/// memory with <c>GC.AddMemoryPressure</c>, which induces about two gen-2 collections per image. Here a large buffer
/// is native memory without that pressure, freed as soon as the image is disposed (so the process gives it back at
/// once, instead of leaving it to the garbage collector as managed arrays on the large object heap would: under load
/// that heap grew to several times the live buffers and was not returned while idle); a released buffer goes to a
/// small cache first (at most <see cref="MaxCachedBytes"/> in all), so a steady stream of similar images allocates
/// nothing. <see cref="ReleaseRetainedResources"/> frees the cache. Smaller requests go to ImageSharp's pooling
/// allocator (its pool capped at <see cref="SmallPoolMegabytes"/>).
/// </summary>
internal sealed class ReusingMemoryAllocator : MemoryAllocator
{
    /// <summary>Requests up to this size go to ImageSharp's pool.</summary>
    public const int SmallBufferBytes = 4 << 20;

    /// <summary>Upper bound of the bytes kept for reuse when no image holds them.</summary>
    public const long MaxCachedBytes = 128L << 20;

    /// <summary>ImageSharp's pool of small buffers (its default is an eighth of the machine's memory).</summary>
    public const int SmallPoolMegabytes = 64;

    private readonly MemoryAllocator _small;
    private readonly long _limitBytes;
    private readonly List<NativeBlock> _cache = [];
    private long _cachedBytes;
    private long _outstandingBytes;

    public ReusingMemoryAllocator(int allocationLimitMegabytes)
    {
        _limitBytes = (long)allocationLimitMegabytes << 20;
        _small = Create(new MemoryAllocatorOptions
        {
            AllocationLimitMegabytes = allocationLimitMegabytes,
            MaximumPoolSizeMegabytes = SmallPoolMegabytes,
        });
    }

    /// <summary>Bytes of large buffers held by images now.</summary>
    public long OutstandingBytes => Interlocked.Read(ref _outstandingBytes);

    /// <summary>Bytes of large buffers kept for reuse.</summary>
    public long CachedBytes
    {
        get
        {
            lock (_cache)
            {
                return _cachedBytes;
            }
        }
    }

    public override IMemoryOwner<T> Allocate<T>(int length, AllocationOptions options = AllocationOptions.None)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        var bytes = (long)length * Unsafe.SizeOf<T>();
        if (bytes > _limitBytes)
        {
            throw new InvalidMemoryOperationException($"Cannot allocate {bytes} bytes; the limit is {_limitBytes} bytes.");
        }

        if (bytes <= SmallBufferBytes)
        {
            return _small.Allocate<T>(length, options);
        }

        var block = Rent(bytes);
        Interlocked.Add(ref _outstandingBytes, block.Bytes);
        var owner = new NativeOwner<T>(this, block, length);
        if (options.HasFlag(AllocationOptions.Clean))
        {
            owner.GetSpan().Clear();
        }

        return owner;
    }

    public override void ReleaseRetainedResources()
    {
        NativeBlock[] released;
        lock (_cache)
        {
            released = [.. _cache];
            _cache.Clear();
            _cachedBytes = 0;
        }

        foreach (var block in released)
        {
            block.Free();
        }

        _small.ReleaseRetainedResources();
    }

    // Large contiguous requests are single blocks; the limit above stays the only cap.
    protected override int GetBufferCapacityInBytes() => int.MaxValue;

    private NativeBlock Rent(long bytes)
    {
        lock (_cache)
        {
            // The smallest cached block that fits and wastes at most half of itself.
            var best = -1;
            for (var i = 0; i < _cache.Count; i++)
            {
                var candidate = _cache[i].Bytes;
                if (candidate >= bytes && candidate / 2 <= bytes && (best < 0 || candidate < _cache[best].Bytes))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                var block = _cache[best];
                _cache.RemoveAt(best);
                _cachedBytes -= block.Bytes;
                return block;
            }
        }

        return NativeBlock.Allocate(bytes);
    }

    private void Return(NativeBlock block)
    {
        Interlocked.Add(ref _outstandingBytes, -block.Bytes);
        var dropped = new List<NativeBlock>();
        lock (_cache)
        {
            // Drop the oldest blocks to stay under the bound (the newest sizes are the likeliest to come again).
            while (_cache.Count > 0 && _cachedBytes + block.Bytes > MaxCachedBytes)
            {
                _cachedBytes -= _cache[0].Bytes;
                dropped.Add(_cache[0]);
                _cache.RemoveAt(0);
            }

            if (block.Bytes <= MaxCachedBytes)
            {
                _cache.Add(block);
                _cachedBytes += block.Bytes;
            }
            else
            {
                dropped.Add(block);
            }
        }

        foreach (var old in dropped)
        {
            old.Free();
        }
    }

    /// <summary>Native memory of <see cref="Bytes"/> bytes (not cleared).</summary>
    private readonly unsafe record struct NativeBlock(nint Address, long Bytes)
    {
        public static NativeBlock Allocate(long bytes) => new((nint)NativeMemory.Alloc((nuint)bytes), bytes);

        public void Free() => NativeMemory.Free((void*)Address);
    }

    /// <summary>
    /// The first <paramref name="length"/> elements of a block; disposing gives the block back (once). There is no
    /// finalizer (CA2015: a span may outlive the last reference to its owner), so every image must be disposed, as
    /// ImageSharp's decoders and the engine do on every path.
    /// </summary>
    private sealed unsafe class NativeOwner<T>(ReusingMemoryAllocator allocator, NativeBlock block, int length) : MemoryManager<T>
        where T : struct
    {
        private int _disposed;

        public override Span<T> GetSpan()
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return new Span<T>((void*)block.Address, length);
        }

        public override MemoryHandle Pin(int elementIndex = 0)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, length);
            return new MemoryHandle((byte*)block.Address + ((long)elementIndex * Unsafe.SizeOf<T>()));
        }

        public override void Unpin()
        {
            // Native memory does not move.
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                allocator.Return(block);
            }
        }
    }
}
