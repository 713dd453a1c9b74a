using System.Numerics;
using System.Runtime.InteropServices;

namespace ImageFunctions.Imaging.Processing;

/// <summary>Negative of the colour (or gray) channels, in place; alpha is left as it is.</summary>
internal static class Invert
{
    public static WorkingImage Apply(WorkingImage image)
    {
        var channels = image.Channels;
        var hasAlpha = image.Layout.HasAlpha();

        // XOR with 0xFF inverts; the mask repeats per pixel with 0 on the alpha byte. Vector<byte>.Count is a
        // multiple of 2 and 4, so the pattern lines up with pixels in every vector.
        Span<byte> pattern = stackalloc byte[Vector<byte>.Count];
        for (var i = 0; i < pattern.Length; i++)
        {
            pattern[i] = hasAlpha && i % channels == channels - 1 ? (byte)0 : (byte)0xFF;
        }

        var mask = new Vector<byte>(pattern);
        var stride = image.Stride;
        RowParallel.For(0, image.Height, stride, (start, end) =>
        {
            var bytes = image.Bytes.Slice(start * stride, (end - start) * stride);
            ref var b = ref MemoryMarshal.GetReference(bytes);
            var count = Vector<byte>.Count;
            var i = 0;
            for (; i <= bytes.Length - count; i += count)
            {
                (Vector.LoadUnsafe(ref b, (nuint)i) ^ mask).StoreUnsafe(ref b, (nuint)i);
            }

            for (; i < bytes.Length; i++)
            {
                if (!hasAlpha || i % channels != channels - 1)
                {
                    bytes[i] = (byte)~bytes[i];
                }
            }
        });
        return image;
    }
}
