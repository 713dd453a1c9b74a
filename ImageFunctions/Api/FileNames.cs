using ImageFunctions.Imaging;

namespace ImageFunctions.Api;

/// <summary>
/// The one rule for a file name taken from a URL (<c>GET /images/{jobId}/{filename}</c>, <c>GET /docs/{asset}</c>):
/// a plain name that cannot leave its folder. Every output name (<see cref="OutputFileName"/>, made servable by the
/// job's name set) and every Swagger UI asset name passes it.
/// </summary>
public static class FileNames
{
    /// <summary>
    /// Longest name accepted: above <see cref="OutputFileName.MaxLength"/>, which a de-duplicated name (<c>cat_2.png</c>)
    /// may exceed by its suffix.
    /// </summary>
    public const int MaxLength = 255;

    /// <summary>The rule in words, for problem details and the OpenAPI document.</summary>
    public const string Rule =
        "a plain file name: at most 255 characters, without '/', '\\', ':', '..', control characters or a leading '.'";

    /// <summary>True for a name that is not blank, at most <see cref="MaxLength"/> characters, without <c>/</c>,
    /// <c>\</c>, <c>:</c>, <c>..</c> or control characters, and not starting with <c>.</c> (no hidden or relative names).</summary>
    public static bool IsPlain(string? name) =>
        !string.IsNullOrWhiteSpace(name)
        && name.Length <= MaxLength
        && name[0] != '.'
        && !name.Contains("..", StringComparison.Ordinal)
        && name.IndexOfAny(['/', '\\', ':']) < 0
        && !name.Any(char.IsControl);

    /// <summary>
    /// An upload's name as the status document shows it (<c>file_name</c>): the name the client sent, without control
    /// characters and cut to <see cref="MaxLength"/> characters. The stored result has its own, servable name (<c>output_name</c>).
    /// </summary>
    public static string Displayed(string? uploadName)
    {
        var clean = new string((uploadName ?? "").Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length <= MaxLength ? clean : clean[..MaxLength];
    }
}
