using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>One generated upload on disk.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="FileName">The name sent in the multipart part.</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="ContentType">The part's media type.</param>
internal sealed record InputImage(string Path, string FileName, long Length, string ContentType);

/// <summary>
/// Writes the uploads once: distinct photo-like pictures (a coloured gradient with a direction and palette of its own
/// plus luminance and colour noise, so the encoders compress them about as well as photos), never all in memory; or,
/// for <see cref="InputKind.PngSolid"/>, single-colour PNGs (<see cref="SolidPng"/>), each of a colour of its own.
/// </summary>
internal static class InputImages
{
    /// <summary>Standard deviation of the luminance noise (0-255 scale).</summary>
    private const double LumaNoise = 24;

    /// <summary>Standard deviation of the per-channel colour noise.</summary>
    private const double ChromaNoise = 8;

    /// <summary>Generates <see cref="E2eOptions.Images"/> images into <paramref name="folder"/>, on all cores.</summary>
    /// <param name="options">Count, size and encoding.</param>
    /// <param name="folder">An empty folder that outlives the runs.</param>
    /// <param name="seed">Varies the pictures between invocations, so a long-running host (<c>--url</c>) never has them cached.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static IReadOnlyList<InputImage> Write(E2eOptions options, string folder, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (extension, contentType) = options.Input == InputKind.Jpeg ? ("jpg", "image/jpeg") : ("png", "image/png");
        var images = new InputImage[options.Images];
        var parallel = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, options.Images, parallel, i =>
        {
            var fileName = string.Create(CultureInfo.InvariantCulture, $"img-{i:0000}.{extension}");
            var path = Path.Combine(folder, fileName);
            if (options.Input == InputKind.PngSolid)
            {
                // The image number in red and green keeps the colours distinct (the result cache never answers within a
                // job); the seed varies them between invocations.
                SolidPng.Write(path, options.Width, options.Height, (byte)i, (byte)((i >> 8) ^ seed), (byte)(seed >> 8));
            }
            else
            {
                IImageEncoder encoder = options.Input == InputKind.Jpeg ? new JpegEncoder { Quality = 90 } : new PngEncoder();
                using var image = Create(options.Width, options.Height, HashCode.Combine(seed, i));
                image.Save(path, encoder);
            }

            images[i] = new InputImage(path, fileName, new FileInfo(path).Length, contentType);
        });
        return images;
    }

    private static Image<Rgb24> Create(int width, int height, int seed)
    {
        var random = new Random(seed);
        var angle = random.NextDouble() * Math.PI * 2;
        var (dx, dy) = (Math.Cos(angle), Math.Sin(angle));
        var from = new[] { random.Next(256), random.Next(256), random.Next(256) };
        var to = new[] { random.Next(256), random.Next(256), random.Next(256) };
        var span = (Math.Abs(dx) * width) + (Math.Abs(dy) * height);
        var origin = Math.Min(0, dx * width) + Math.Min(0, dy * height);
        var noise = new NoiseSource((uint)seed | 1);

        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var t = span == 0 ? 0 : ((x * dx) + (y * dy) - origin) / span;
                    var luma = noise.Next() * LumaNoise;
                    row[x] = new Rgb24(
                        Channel(from[0], to[0], t, luma + (noise.Next() * ChromaNoise)),
                        Channel(from[1], to[1], t, luma + (noise.Next() * ChromaNoise)),
                        Channel(from[2], to[2], t, luma + (noise.Next() * ChromaNoise)));
                }
            }
        });
        return image;
    }

    private static byte Channel(int from, int to, double t, double noise) =>
        (byte)Math.Clamp((int)(from + ((to - from) * t) + noise), 0, 255);

    /// <summary>Cheap, roughly normal noise (mean 0, deviation 1): the sum of four uniform draws from an xorshift generator.</summary>
    private sealed class NoiseSource(uint state)
    {
        private const double Scale = 1.7320508 / uint.MaxValue; // sqrt(12 / 4) per draw of width 1

        private uint _state = state;

        public double Next() => ((double)Draw() + Draw() + Draw() + Draw() - (2.0 * uint.MaxValue)) * Scale;

        private uint Draw()
        {
            _state ^= _state << 13;
            _state ^= _state >> 17;
            _state ^= _state << 5;
            return _state;
        }
    }
}
