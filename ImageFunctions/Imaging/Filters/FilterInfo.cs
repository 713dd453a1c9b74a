namespace ImageFunctions.Imaging;

/// <summary>What <c>GET /filters</c> shows of a filter (<see cref="ImageFilter.Info"/>): its name, what it does and its parameters (in order).</summary>
public sealed record FilterInfo(string Name, string Description, IReadOnlyList<FilterParameterInfo> Parameters);
