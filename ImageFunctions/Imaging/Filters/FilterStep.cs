namespace ImageFunctions.Imaging;

/// <summary>One parsed step of a chain: a filter name and its arguments (defaults filled in).</summary>
public sealed record FilterStep(string Name, IReadOnlyList<double> Arguments);
