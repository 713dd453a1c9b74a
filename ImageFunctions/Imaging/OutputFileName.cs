using System.Text;

namespace ImageFunctions.Imaging;

/// <summary>Output file names: the upload's base name, sanitised, with the output format's extension.</summary>
public static class OutputFileName
{
    /// <summary>Longest name returned, extension included.</summary>
    public const int MaxLength = 100;

    private const string Fallback = "image";

    /// <summary>E.g. ("../cat photo.JPG", ".png") gives "cat photo.png". Never empty, at most 100 characters.</summary>
    public static string Create(string uploadName, string extension)
    {
        var ext = SanitiseExtension(extension);
        var name = uploadName ?? string.Empty;

        // Keep only the last path segment, whatever the separator.
        var lastSeparator = name.LastIndexOfAny(['/', '\\']);
        if (lastSeparator >= 0)
        {
            name = name[(lastSeparator + 1)..];
        }

        // Drop the upload's own extension.
        var dot = name.LastIndexOf('.');
        if (dot > 0)
        {
            name = name[..dot];
        }

        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsControl(c) || c is '/' or '\\' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format)
            {
                continue;
            }

            builder.Append(c);
        }

        var stem = builder.ToString().Trim().TrimStart('.').Trim();
        var maxStem = MaxLength - ext.Length;
        if (stem.Length > maxStem)
        {
            stem = stem[..maxStem];
            if (char.IsHighSurrogate(stem[^1]))
            {
                stem = stem[..^1];
            }

            stem = stem.TrimEnd();
        }

        if (stem.Length == 0)
        {
            stem = Fallback;
        }

        return stem + ext;
    }

    private static string SanitiseExtension(string? extension)
    {
        var letters = new string((extension ?? string.Empty).Where(char.IsAsciiLetterOrDigit).Take(10).ToArray());
        return letters.Length == 0 ? string.Empty : "." + letters.ToLowerInvariant();
    }
}
