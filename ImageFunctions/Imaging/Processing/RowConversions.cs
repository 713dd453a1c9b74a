using System.Numerics;
using System.Runtime.InteropServices;

namespace ImageFunctions.Imaging.Processing;

/// <summary>Widening and narrowing of pixel rows, vectorised with <see cref="Vector{T}"/>.</summary>
internal static class RowConversions
{
    /// <summary>dst[i] = src[i] as float.</summary>
    public static void ToSingle(ReadOnlySpan<byte> src, Span<float> dst)
    {
        var length = src.Length;
        if (dst.Length < length)
        {
            throw new ArgumentException("Destination too short.", nameof(dst));
        }

        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var i = 0;
        var count = Vector<byte>.Count;
        var quarter = Vector<float>.Count;
        for (; i <= length - count; i += count)
        {
            Vector.Widen(Vector.LoadUnsafe(ref s, (nuint)i), out var low, out var high);
            Vector.Widen(low, out var a, out var b);
            Vector.Widen(high, out var c, out var e);
            Vector.ConvertToSingle(Vector.AsVectorInt32(a)).StoreUnsafe(ref d, (nuint)i);
            Vector.ConvertToSingle(Vector.AsVectorInt32(b)).StoreUnsafe(ref d, (nuint)(i + quarter));
            Vector.ConvertToSingle(Vector.AsVectorInt32(c)).StoreUnsafe(ref d, (nuint)(i + (2 * quarter)));
            Vector.ConvertToSingle(Vector.AsVectorInt32(e)).StoreUnsafe(ref d, (nuint)(i + (3 * quarter)));
        }

        for (; i < length; i++)
        {
            dst[i] = src[i];
        }
    }

    /// <summary>dst[i] = src[i] as short.</summary>
    public static void ToInt16(ReadOnlySpan<byte> src, Span<short> dst)
    {
        var length = src.Length;
        if (dst.Length < length)
        {
            throw new ArgumentException("Destination too short.", nameof(dst));
        }

        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var i = 0;
        var count = Vector<byte>.Count;
        var half = Vector<short>.Count;
        for (; i <= length - count; i += count)
        {
            Vector.Widen(Vector.LoadUnsafe(ref s, (nuint)i), out var low, out var high);
            Vector.AsVectorInt16(low).StoreUnsafe(ref d, (nuint)i);
            Vector.AsVectorInt16(high).StoreUnsafe(ref d, (nuint)(i + half));
        }

        for (; i < length; i++)
        {
            dst[i] = src[i];
        }
    }

    /// <summary>dst[i] = (byte)trunc(clamp(src[i], 0, 255)), Pillow's clip8.</summary>
    public static void ClampTruncateToByte(ReadOnlySpan<float> src, Span<byte> dst)
    {
        var length = src.Length;
        if (dst.Length < length)
        {
            throw new ArgumentException("Destination too short.", nameof(dst));
        }

        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var zero = Vector<float>.Zero;
        var max = new Vector<float>(255f);
        var quarter = Vector<float>.Count;
        var i = 0;
        for (; i <= length - Vector<byte>.Count; i += Vector<byte>.Count)
        {
            var a = Vector.ConvertToInt32(Vector.Min(Vector.Max(Vector.LoadUnsafe(ref s, (nuint)i), zero), max));
            var b = Vector.ConvertToInt32(Vector.Min(Vector.Max(Vector.LoadUnsafe(ref s, (nuint)(i + quarter)), zero), max));
            var c = Vector.ConvertToInt32(Vector.Min(Vector.Max(Vector.LoadUnsafe(ref s, (nuint)(i + (2 * quarter))), zero), max));
            var e = Vector.ConvertToInt32(Vector.Min(Vector.Max(Vector.LoadUnsafe(ref s, (nuint)(i + (3 * quarter))), zero), max));
            var low = Vector.Narrow(Vector.AsVectorUInt32(a), Vector.AsVectorUInt32(b));
            var high = Vector.Narrow(Vector.AsVectorUInt32(c), Vector.AsVectorUInt32(e));
            Vector.Narrow(low, high).StoreUnsafe(ref d, (nuint)i);
        }

        for (; i < length; i++)
        {
            dst[i] = ClampTruncate(src[i]);
        }
    }

    /// <summary>Pillow's clip8: 0 for values &lt;= 0, 255 for values &gt;= 255, else truncated.</summary>
    public static byte ClampTruncate(float value) => value <= 0f ? (byte)0 : value >= 255f ? (byte)255 : (byte)value;
}
