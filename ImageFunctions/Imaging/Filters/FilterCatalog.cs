namespace ImageFunctions.Imaging;

/// <summary>
/// The registry of filters: one instance of every concrete <see cref="ImageFilter"/> type of this assembly, found by
/// reflection once and listed by <see cref="ImageFilter.Order"/>. <c>GET /filters</c>, the OpenAPI document, the chain
/// parser, the engine and the tests all read it.
/// </summary>
public static class FilterCatalog
{
    /// <summary>Every filter, by ascending <see cref="ImageFilter.Order"/>.</summary>
    internal static IReadOnlyList<ImageFilter> Filters { get; } = Discover(typeof(ImageFilter).Assembly.GetTypes());

    /// <summary>Every filter as <c>GET /filters</c> shows it, in the order of <see cref="Filters"/>.</summary>
    public static IReadOnlyList<FilterInfo> All { get; } = Filters.Select(f => f.Info).ToArray();

    /// <summary>The names of <see cref="All"/>, in the same order.</summary>
    public static IReadOnlyList<string> Names { get; } = Filters.Select(f => f.Name).ToArray();

    private static readonly Dictionary<string, ImageFilter> ByName = Filters.ToDictionary(f => f.Name, StringComparer.Ordinal);

    private static readonly Dictionary<Type, ImageFilter> ByType = Filters.ToDictionary(f => f.GetType());

    /// <summary>The filter called <paramref name="name"/> (lower case), or null.</summary>
    internal static ImageFilter? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The registered instance of <typeparamref name="TFilter"/>.</summary>
    internal static TFilter Get<TFilter>()
        where TFilter : ImageFilter => (TFilter)ByType[typeof(TFilter)];

    /// <summary>
    /// One instance of each concrete <see cref="ImageFilter"/> among <paramref name="types"/>, by order; throws
    /// <see cref="InvalidOperationException"/> for a name that chains cannot spell or a name or order used twice.
    /// </summary>
    internal static ImageFilter[] Discover(IEnumerable<Type> types)
    {
        var filters = types
            .Where(t => t.IsSubclassOf(typeof(ImageFilter)) && !t.IsAbstract)
            .Select(t => (ImageFilter)Activator.CreateInstance(t, nonPublic: true)!)
            .OrderBy(f => f.Order)
            .ToArray();
        var badName = filters.FirstOrDefault(f => !IsChainName(f.Name));
        if (badName is not null)
        {
            throw new InvalidOperationException(
                $"{badName.GetType().Name}: the filter name '{badName.Name}' must be lower case letters, digits and underscores.");
        }

        RefuseDuplicates(filters, f => f.Name, "name");
        RefuseDuplicates(filters, f => f.Order, "order");
        return filters;
    }

    private static bool IsChainName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static void RefuseDuplicates<TKey>(ImageFilter[] filters, Func<ImageFilter, TKey> key, string what)
    {
        var twice = filters.GroupBy(key).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new InvalidOperationException(
                $"{string.Join(" and ", twice.Select(f => f.GetType().Name))} have the same {what}, {twice.Key}; give each filter its own.");
        }
    }
}
