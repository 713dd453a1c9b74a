namespace ImageFunctions.Tests.Infrastructure;

/// <summary>Locates the repository root (the folder holding <c>ImageFunctions.sln</c>) from the test output folder.</summary>
public static class RepositoryRoot
{
    private const string SolutionFileName = "ImageFunctions.sln";

    private static readonly Lazy<string> LazyPath = new(Find);

    /// <summary>Absolute path of the repository root.</summary>
    public static string Path => LazyPath.Value;

    /// <summary>Combines <paramref name="parts"/> under the repository root.</summary>
    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Could not find {SolutionFileName} in any parent folder of {AppContext.BaseDirectory}.");
    }
}
