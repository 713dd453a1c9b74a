namespace ImageFunctions.Imaging.Processing;

/// <summary>
/// The classic sepia matrix (R' = .393R + .769G + .189B, G' = .349R + .686G + .168B, B' = .272R + .534G + .131B),
/// clamped, in 16.16 fixed point. Gray images become RGB first; alpha is kept.
/// </summary>
internal static class Sepia
{
    private const int One = 1 << 16;
    private static readonly int[] Matrix =
    [
        Fixed(0.393), Fixed(0.769), Fixed(0.189),
        Fixed(0.349), Fixed(0.686), Fixed(0.168),
        Fixed(0.272), Fixed(0.534), Fixed(0.131),
    ];

    public static WorkingImage Apply(WorkingImage source)
    {
        var image = ColorLayouts.ToColor(source);
        var channels = image.Channels;
        var stride = image.Stride;
        RowParallel.For(0, image.Height, stride, (start, end) =>
        {
            var bytes = image.Bytes.Slice(start * stride, (end - start) * stride);
            var m = Matrix;
            for (var i = 0; i + 2 < bytes.Length; i += channels)
            {
                int r = bytes[i], g = bytes[i + 1], b = bytes[i + 2];
                bytes[i] = Clamp((m[0] * r) + (m[1] * g) + (m[2] * b));
                bytes[i + 1] = Clamp((m[3] * r) + (m[4] * g) + (m[5] * b));
                bytes[i + 2] = Clamp((m[6] * r) + (m[7] * g) + (m[8] * b));
            }
        });
        return image;
    }

    private static int Fixed(double value) => (int)Math.Round(value * One);

    private static byte Clamp(int value) => (byte)Math.Min(255, (value + (One / 2)) >> 16);
}
