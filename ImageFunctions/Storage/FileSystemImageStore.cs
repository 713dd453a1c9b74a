using System.Runtime.CompilerServices;

namespace ImageFunctions.Storage;

/// <summary>
/// The image store on the local file system (the standalone host's embedded default): <c>{root}/{container}/{name}</c>.
/// Writes go to a temporary file that is moved into place, so a reader never sees half an image.
/// </summary>
public sealed class FileSystemImageStore(string root) : IImageStore
{
    private readonly string _root = Path.GetFullPath(root);


    public async Task SaveAsync(string container, string name, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var path = PathOf(container, name);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, cancellationToken);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageUnavailableException($"The file system refused '{container}/{name}': {ex.Message}", ex);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public Task<StoredObject?> OpenReadAsync(string container, string name, CancellationToken cancellationToken)
    {
        var path = PathOf(container, name);
        if (!File.Exists(path))
        {
            return Task.FromResult<StoredObject?>(null);
        }

        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 81920, useAsync: true);
            return Task.FromResult<StoredObject?>(new StoredObject(stream, InfoOf(name, new FileInfo(path))));
        }
        catch (FileNotFoundException)
        {
            return Task.FromResult<StoredObject?>(null);
        }
    }

    public async IAsyncEnumerable<StoredObjectInfo> ListAsync(string container, string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var folder = Path.Combine(_root, container);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        var names = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(path => !path.EndsWith(".tmp", StringComparison.Ordinal))
            .Select(path => (Path: path, Name: Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/')))
            .Where(entry => entry.Name.StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(entry => entry.Name, StringComparer.Ordinal);

        foreach (var entry in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return InfoOf(entry.Name, new FileInfo(entry.Path));
        }

        await Task.CompletedTask;
    }

    public async Task DeletePrefixAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        await foreach (var item in ListAsync(container, prefix, cancellationToken))
        {
            File.Delete(PathOf(container, item.Name));
        }
    }

    public Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        return Task.CompletedTask;
    }

    private string PathOf(string container, string name)
    {
        var path = Path.GetFullPath(Path.Combine(_root, container, name));
        var containerRoot = Path.GetFullPath(Path.Combine(_root, container)) + Path.DirectorySeparatorChar;
        if (!path.StartsWith(containerRoot, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Object name '{name}' leaves its container.", nameof(name));
        }

        return path;
    }

    private static StoredObjectInfo InfoOf(string name, FileInfo file) => new(
        name,
        file.Length,
        ContentTypes.FromFileName(name),
        $"\"{file.LastWriteTimeUtc.Ticks:x}-{file.Length:x}\"",
        new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
}
