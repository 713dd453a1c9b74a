using ImageFunctions.Imaging;

namespace ImageFunctions.Jobs;

/// <summary>Gives each image of a job a unique output file name: <c>cat.png</c>, then <c>cat_2.png</c>, <c>cat_3.png</c>...</summary>
public sealed class OutputNameSet
{
    private readonly HashSet<string> _taken = new(StringComparer.OrdinalIgnoreCase);

    public string Add(string uploadName, string extension)
    {
        var name = Servable(OutputFileName.Create(uploadName, extension));
        if (_taken.Add(name))
        {
            return name;
        }

        var stem = Path.GetFileNameWithoutExtension(name);
        var ext = Path.GetExtension(name);
        for (var n = 2; ; n++)
        {
            var candidate = $"{stem}_{n}{ext}";
            if (_taken.Add(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>GET /images refuses ':' and '..' in a name, so results are never stored under one: "12:30..png" gives "12_30.png".</summary>
    private static string Servable(string name)
    {
        name = name.Replace(':', '_');
        while (name.Contains("..", StringComparison.Ordinal))
        {
            name = name.Replace("..", ".", StringComparison.Ordinal);
        }

        return name;
    }
}
