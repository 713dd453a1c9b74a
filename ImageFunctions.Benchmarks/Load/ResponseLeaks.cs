using System.Text.RegularExpressions;

namespace ImageFunctions.Benchmarks.Load;

/// <summary>
/// Finds what an answer must never show: a .NET stack frame (<c>   at Some.Type.Method(</c>) or an exception type name
/// (<c>System.IO.IOException</c>, <c>RequestFailedException</c>, ...).
/// </summary>
internal static partial class ResponseLeaks
{
    /// <summary>The first leak in <paramref name="body"/>, or null when there is none.</summary>
    public static string? Find(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var match = StackFrame().Match(body);
        if (!match.Success)
        {
            match = ExceptionTypeName().Match(body);
        }

        return match.Success ? match.Value : null;
    }

    [GeneratedRegex(@"(^|\\n|\n)\s*at [\w.`<>]+\.[\w<>`]+\(", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"\b[A-Z][A-Za-z0-9]*Exception\b", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex ExceptionTypeName();
}
