namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// Applies a <see cref="ConvolutionKernel"/> exactly like Pillow's <c>Image.filter(Kernel)</c>: every band
/// (alpha included), border rows and columns copied, images smaller than the kernel returned unchanged.
/// Picks the integer engine when it is provably identical, the float32 engine otherwise.
/// </summary>
internal static class KernelConvolution
{
    /// <summary>Filters <paramref name="source"/>; takes ownership of it and returns the result (maybe the same instance).</summary>
    public static WorkingImage Apply(WorkingImage source, ConvolutionKernel kernel, bool forceFloat = false)
    {
        int width = source.Width, height = source.Height, size = kernel.Size;
        if (width < size || height < size)
        {
            return source;
        }

        var target = source.CreateLike();
        try
        {
            Convolve(source, target, kernel, forceFloat);
        }
        catch
        {
            target.Dispose();
            throw;
        }

        source.Dispose();
        return target;
    }

    /// <summary>
    /// Writes the filtered <paramref name="source"/> into <paramref name="target"/> (same layout and size, at least
    /// kernel-sized); neither image is disposed. Used directly by the benchmarks.
    /// </summary>
    public static void Convolve(WorkingImage source, WorkingImage target, ConvolutionKernel kernel, bool forceFloat = false)
    {
        var radius = kernel.Radius;
        var height = source.Height;
        var stride = source.Stride;
        var src = source.Bytes;
        var dst = target.Bytes;
        src[..(radius * stride)].CopyTo(dst);
        var bottom = (height - radius) * stride;
        src[bottom..].CopyTo(dst[bottom..]);

        var useIntegers = kernel.UsesIntegers && !forceFloat;
        RowParallel.For(radius, height - radius, stride, (start, end) =>
        {
            if (useIntegers)
            {
                IntegerKernelConvolution.ConvolveRows(source, target, kernel, start, end);
            }
            else
            {
                FloatKernelConvolution.ConvolveRows(source, target, kernel, start, end);
            }
        });
    }

    /// <summary>Copies the left and right border pixels of a row, which Pillow leaves unchanged.</summary>
    public static void CopyRowBorders(ReadOnlySpan<byte> srcRow, Span<byte> dstRow, int borderBytes)
    {
        srcRow[..borderBytes].CopyTo(dstRow);
        srcRow[^borderBytes..].CopyTo(dstRow[^borderBytes..]);
    }
}
