namespace ImageFunctions.Imaging;

/// <summary>A filter of the catalog: its name, what it does and its parameters (in order).</summary>
public sealed record FilterInfo(string Name, string Description, IReadOnlyList<FilterParameterInfo> Parameters);
