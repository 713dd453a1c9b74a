using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace ImageFunctions.Benchmarks.Load;

/// <summary>What a load submission sends, and so what it must get back.</summary>
internal enum LoadCaseKind
{
    /// <summary>1-5 small distinct images (JPEG, PNG, WebP): 202, then every image succeeds exactly once.</summary>
    Good,

    /// <summary>A good job with one image whose data (not header) is cut off: 202, every image ends exactly once, success or failure.</summary>
    GoodWithCorruptImage,

    /// <summary>A filter that does not exist: 400.</summary>
    UnknownFilter,

    /// <summary>A text file as the image: 415.</summary>
    NotAnImage,

    /// <summary>An image cut off inside its header: 4xx.</summary>
    TruncatedHeader,

    /// <summary>A zero-byte file: 422.</summary>
    EmptyFile,

    /// <summary>One file more than <c>max_files</c>: 400.</summary>
    TooManyFiles,

    /// <summary><c>quality=0</c>: 400.</summary>
    BadQuality,

    /// <summary>A multipart body without any <c>files</c> part: 400.</summary>
    NoFiles,

    /// <summary>A JSON body instead of multipart/form-data: 415.</summary>
    WrongContentType,

    /// <summary>A form field longer than the 4096 characters a field may have: 400.</summary>
    OversizedField,
}

/// <summary>One planned submission: its number, its case, and for good jobs the files and options it sends.</summary>
/// <param name="Index">0-based number in the run (also the seed of its pictures).</param>
/// <param name="Kind">The case.</param>
/// <param name="Files">The uploaded files (name, bytes, media type); empty for the cases that send none.</param>
/// <param name="Query">The query string after <c>/process-job?</c>.</param>
internal sealed record LoadSubmission(int Index, LoadCaseKind Kind, IReadOnlyList<LoadFile> Files, string Query)
{
    /// <summary>True for the cases that must be accepted (202) and run.</summary>
    public bool ExpectAccepted => Kind is LoadCaseKind.Good or LoadCaseKind.GoodWithCorruptImage;

    /// <summary>Builds the request body (a new one per call: an <see cref="HttpContent"/> is sent once).</summary>
    public HttpContent CreateContent()
    {
        if (Kind == LoadCaseKind.WrongContentType)
        {
            return new StringContent("{\"files\":[\"cat.jpg\"]}", Encoding.UTF8, "application/json");
        }

        var form = new MultipartFormDataContent();
        foreach (var file in Files)
        {
            var part = new ByteArrayContent(file.Bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(file.ContentType);
            form.Add(part, "files", file.Name);
        }

        if (Kind == LoadCaseKind.OversizedField)
        {
            form.Add(new StringContent(new string('x', 70_000)), "filter");
        }

        if (Kind == LoadCaseKind.NoFiles)
        {
            form.Add(new StringContent("blur"), "filter");
        }

        return form;
    }

    /// <summary>A short description for reports, e.g. <c>#12 Good (3 files, filter=blur&amp;format=png&amp;quality=80)</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"#{Index} {Kind} ({Files.Count} files, {Query})");
}

/// <summary>One uploaded file.</summary>
/// <param name="Name">The multipart file name.</param>
/// <param name="Bytes">The content.</param>
/// <param name="ContentType">The part's media type.</param>
internal sealed record LoadFile(string Name, byte[] Bytes, string ContentType);
