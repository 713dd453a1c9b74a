using System.Globalization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Benchmarks.Load;

/// <summary>
/// The deterministic mix of a load run: every even submission is a good job (1-5 small distinct images, JPEG, PNG and
/// WebP in turn, a different filter chain, output format and quality each time; every fifth good job also carries one
/// image whose data is cut off), every odd one a bad request, the nine bad cases in turn. The same count always gives
/// the same requests and the same bytes.
/// </summary>
internal static class LoadPlan
{
    /// <summary>The bad cases, in the order they repeat.</summary>
    public static readonly IReadOnlyList<LoadCaseKind> BadCases =
    [
        LoadCaseKind.UnknownFilter,
        LoadCaseKind.NotAnImage,
        LoadCaseKind.TruncatedHeader,
        LoadCaseKind.EmptyFile,
        LoadCaseKind.TooManyFiles,
        LoadCaseKind.BadQuality,
        LoadCaseKind.NoFiles,
        LoadCaseKind.WrongContentType,
        LoadCaseKind.OversizedField,
    ];

    private static readonly string[] Filters = ["blur", "grayscale", "grayscale,edges", "sharpen", "smooth", "gaussian_blur:2", "invert", "edges,blur"];

    private static readonly string[] Formats = ["original", "jpeg", "png", "webp"];

    /// <summary>Plans <paramref name="count"/> submissions; <paramref name="maxFiles"/> is the host's <c>max_files</c> (for the too-many-files case).</summary>
    public static IReadOnlyList<LoadSubmission> Create(int count, int maxFiles)
    {
        var plan = new LoadSubmission[count];
        for (var i = 0; i < count; i++)
        {
            plan[i] = i % 2 == 0 ? Good(i) : Bad(i, BadCases[(i / 2) % BadCases.Count], maxFiles);
        }

        return plan;
    }

    private static LoadSubmission Good(int index, int? forcedImages = null)
    {
        var good = index / 2;
        var images = forcedImages ?? 1 + (good % 5);
        var files = new List<LoadFile>(images + 1);
        for (var j = 0; j < images; j++)
        {
            files.Add(Picture(index, j, (good + j) % 3));
        }

        var kind = LoadCaseKind.Good;
        if (good % 5 == 4)
        {
            var whole = Picture(index, images, 1);
            files.Add(whole with { Name = Invariant($"cut-{index}.png"), Bytes = whole.Bytes[..(whole.Bytes.Length * 2 / 3)] });
            kind = LoadCaseKind.GoodWithCorruptImage;
        }

        var filter = Filters[good % Filters.Length];
        var format = Formats[(good / 2) % Formats.Length];
        var quality = 50 + (good % 46);
        return new LoadSubmission(index, kind, files, Invariant($"filter={Uri.EscapeDataString(filter)}&format={format}&quality={quality}"));
    }

    private static LoadSubmission Bad(int index, LoadCaseKind kind, int maxFiles)
    {
        var one = Picture(index, 0, index % 3);
        const string Blur = "filter=blur";
        return kind switch
        {
            LoadCaseKind.UnknownFilter => new(index, kind, [one], "filter=no_such_filter"),
            LoadCaseKind.NotAnImage => new(index, kind, [new LoadFile("notes.jpg", "This is not an image, only text that claims to be one.\n"u8.ToArray(), "image/jpeg")], Blur),
            LoadCaseKind.TruncatedHeader => new(index, kind, [one with { Name = "cut-header" + Path.GetExtension(one.Name), Bytes = one.Bytes[..Math.Min(12, one.Bytes.Length)] }], Blur),
            LoadCaseKind.EmptyFile => new(index, kind, [new LoadFile("empty.png", [], "image/png")], Blur),
            LoadCaseKind.TooManyFiles => new(index, kind, TinyFiles(maxFiles + 1), Blur),
            LoadCaseKind.BadQuality => new(index, kind, [one], "filter=blur&format=jpeg&quality=0"),
            LoadCaseKind.NoFiles => new(index, kind, [], string.Empty),
            LoadCaseKind.WrongContentType => new(index, kind, [], Blur),
            LoadCaseKind.OversizedField => new(index, kind, [one], "format=png"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a bad case."),
        };
    }

    /// <summary><paramref name="count"/> 8×8 PNGs (one tiny file repeated under distinct names).</summary>
    private static List<LoadFile> TinyFiles(int count)
    {
        var bytes = Encode(Create(8, 8, 7), new PngEncoder());
        return [.. Enumerable.Range(0, count).Select(i => new LoadFile(Invariant($"tiny-{i}.png"), bytes, "image/png"))];
    }

    /// <summary>A distinct small picture (48-111 × 40-103 px) in JPEG (0), PNG (1) or WebP (2).</summary>
    public static LoadFile Picture(int submission, int image, int encoding)
    {
        var seed = (submission * 31) + image;
        return Picture(submission, image, encoding, 48 + (seed % 64), 40 + ((seed * 7) % 64));
    }

    /// <summary>A distinct picture of <paramref name="width"/> × <paramref name="height"/> in JPEG (0), PNG (1) or WebP (2).</summary>
    public static LoadFile Picture(int submission, int image, int encoding, int width, int height)
    {
        var seed = (submission * 31) + image;
        using var picture = Create(width, height, seed);
        return encoding switch
        {
            0 => new LoadFile(Invariant($"s{submission}-{image}.jpg"), Encode(picture, new JpegEncoder { Quality = 85 }), "image/jpeg"),
            1 => new LoadFile(Invariant($"s{submission}-{image}.png"), Encode(picture, new PngEncoder()), "image/png"),
            _ => new LoadFile(Invariant($"s{submission}-{image}.webp"), Encode(picture, new WebpEncoder { FileFormat = WebpFileFormatType.Lossy, Quality = 80 }), "image/webp"),
        };
    }

    private static Image<Rgb24> Create(int width, int height, int seed)
    {
        var image = new Image<Rgb24>(width, height);
        var random = new Random(seed);
        var (r, g, b) = (random.Next(256), random.Next(256), random.Next(256));
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var noise = random.Next(-20, 21);
                    row[x] = new Rgb24((byte)Math.Clamp(r + x + noise, 0, 255), (byte)Math.Clamp(g + y + noise, 0, 255), (byte)Math.Clamp(b - x + noise, 0, 255));
                }
            }
        });
        return image;
    }

    private static byte[] Encode(Image image, IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
