namespace ImageFunctions.Benchmarks.EndToEnd;

/// <summary>Where the harness finds the host and the pinned tools: under the folder holding <c>ImageFunctions.sln</c>.</summary>
internal sealed class RepositoryPaths
{
    private const string SolutionFileName = "ImageFunctions.sln";

    private RepositoryPaths(string root)
    {
        Root = root;
    }

    /// <summary>The repository root.</summary>
    public string Root { get; }

    /// <summary>The Release build of the app, as <c>dotnet build -c Release ImageFunctions.Benchmarks</c> leaves it.</summary>
    public string HostDll => Path.Combine(Root, "ImageFunctions", "bin", "Release", "net10.0", "ImageFunctions.dll");

    /// <summary>The pinned npm tools folder (<c>npm ci --prefix tools</c>).</summary>
    public string Tools => Path.Combine(Root, "tools");

    /// <summary>The Azurite launcher installed by <c>npm ci --prefix tools</c>.</summary>
    public string Azurite => Path.Combine(Tools, "node_modules", ".bin", "azurite");

    /// <summary>Walks up from the harness' own folder to the one holding <c>ImageFunctions.sln</c>.</summary>
    /// <exception cref="InvalidOperationException">No parent folder holds the solution.</exception>
    public static RepositoryPaths Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return new RepositoryPaths(dir.FullName);
            }
        }

        throw new InvalidOperationException($"Could not find {SolutionFileName} in any parent folder of {AppContext.BaseDirectory}.");
    }
}
