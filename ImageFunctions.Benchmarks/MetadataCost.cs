using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using ImageFunctions.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;

namespace ImageFunctions.Benchmarks;

/// <summary>
/// What metadata costs the engine (issue 10, "Metadata amplification"): a plain JPEG of about 25 MB against JPEGs of the
/// same size made of metadata (380 APP1 EXIF segments; an ICC profile in 255 APP2 segments), through
/// <see cref="ImagePipeline.Identify"/> (the upload check) and <see cref="ImagePipeline.Process"/> (blur, original
/// format). Per case: median wall time, CPU time and managed bytes allocated per call, and the process' peak RSS over
/// the case (VmHWM, reset before each case; Linux). Uses only the engine's public API, so the same file measures an
/// older build. A refused image reports the refusal instead.
/// </summary>
internal static class MetadataCost
{
    private const int SegmentPayload = ushort.MaxValue - 2;

    public static void Run(int calls)
    {
        var plain = PlainJpeg();
        var cases = new (string Name, byte[] Data)[]
        {
            ("plain JPEG", plain),
            ("380 APP1 (EXIF) segments", WithSegments(380, 0xE1, "Exif\0\0II*\0"u8)),
            ("ICC profile in 255 APP2 segments", WithIccSegments(255)),
        };
        var pipeline = new ImagePipeline(new ImageLimits());
        var blur = FilterChain.Parse("blur");
        Console.WriteLine($"calls per stage: {calls}; median (min-max) per call");
        Console.WriteLine("| input | size | Identify (upload): wall ms | CPU ms | allocated MB | Process (blur): wall ms | CPU ms | allocated MB | peak RSS MiB |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, data) in cases)
        {
            ResetPeakRss();
            var identify = Measure(calls, () =>
            {
                using var source = AsUpload(data);
                pipeline.Identify(source);
            });
            var process = Measure(calls, () =>
            {
                using var source = AsUpload(data);
                pipeline.Process(source, Stream.Null, blur, new OutputOptions());
            });
            Console.WriteLine(Invariant(
                $"| {name} | {data.Length / 1e6:0.0} MB | {identify.Wall} | {identify.Cpu} | {identify.Allocated} | {process.Wall} | {process.Cpu} | {process.Allocated} | {ReadPeakRssMiB()} |"));
        }
    }

    /// <summary>The bytes as the app hands them to the engine: a memory stream whose buffer is visible (no copy needed).</summary>
    private static MemoryStream AsUpload(byte[] data) => new(data, 0, data.Length, writable: false, publiclyVisible: true);

    private static (string Wall, string Cpu, string Allocated) Measure(int calls, Action call)
    {
        var wall = new List<double>();
        var cpu = new List<double>();
        var allocated = new List<double>();
        for (var i = 0; i < calls; i++)
        {
            GC.Collect();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var start = Stopwatch.GetTimestamp();
            try
            {
                call();
            }
            catch (ImageRejectedException ex)
            {
                var refused = Invariant($"refused ({ex.Reason}) in {Stopwatch.GetElapsedTime(start).TotalMilliseconds:0.0} ms");
                return (refused, "-", "-");
            }

            wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
            allocated.Add((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1e6);
        }

        return (Summary(wall, "0.0"), Summary(cpu, "0"), Summary(allocated, "0.0"));
    }

    private static string Summary(List<double> values, string format)
    {
        var sorted = values.Order().ToArray();
        var median = sorted[sorted.Length / 2];
        return sorted.Length == 1
            ? median.ToString(format, CultureInfo.InvariantCulture)
            : Invariant($"{median.ToString(format, CultureInfo.InvariantCulture)} ({sorted[0].ToString(format, CultureInfo.InvariantCulture)}-{sorted[^1].ToString(format, CultureInfo.InvariantCulture)})");
    }

    /// <summary>A noisy 3000x2000 JPEG at quality 100: about 25 MB of image data and no metadata.</summary>
    private static byte[] PlainJpeg()
    {
        using var image = new Image<Rgb24>(3000, 2000);
        var random = new Random(7);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                random.NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(rows.GetRowSpan(y)));
            }
        });
        using var stream = new MemoryStream();
        image.Save(stream, new JpegEncoder { Quality = 100 });
        return stream.ToArray();
    }

    /// <summary>A 640x480 JPEG with <paramref name="count"/> segments of 64 KiB inserted after SOI.</summary>
    internal static byte[] WithSegments(int count, byte marker, ReadOnlySpan<byte> header)
    {
        var payload = new byte[SegmentPayload];
        header.CopyTo(payload);
        return Insert(Enumerable.Repeat((marker, payload), count));
    }

    private static byte[] WithIccSegments(int count) => Insert(Enumerable.Range(1, count).Select(i =>
    {
        var payload = new byte[SegmentPayload];
        "ICC_PROFILE\0"u8.CopyTo(payload);
        payload[12] = (byte)i;
        payload[13] = (byte)count;
        return ((byte)0xE2, payload);
    }));

    private static byte[] Insert(IEnumerable<(byte Marker, byte[] Payload)> segments)
    {
        var jpeg = BenchmarkImages.CreateJpeg(640, 480);
        using var output = new MemoryStream();
        output.Write(jpeg.AsSpan(0, 2));
        var header = new byte[4];
        foreach (var (marker, payload) in segments)
        {
            header[0] = 0xFF;
            header[1] = marker;
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), (ushort)(payload.Length + 2));
            output.Write(header);
            output.Write(payload);
        }

        output.Write(jpeg.AsSpan(2));
        return output.ToArray();
    }

    private static void ResetPeakRss()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5"); // Linux: resets VmHWM to the current RSS
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // not Linux, or not allowed: the peak is then the process' whole life
        }
    }

    private static string ReadPeakRssMiB()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? "-" : (long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024).ToString(CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return "-";
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
