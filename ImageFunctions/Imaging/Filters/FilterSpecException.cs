namespace ImageFunctions.Imaging;

/// <summary>A bad filter specification; <see cref="Errors"/> says what, <see cref="ValidFilters"/> what is allowed.</summary>
public sealed class FilterSpecException(string message, IReadOnlyList<string> errors, IReadOnlyList<string> validFilters)
    : Exception(message)
{
    public IReadOnlyList<string> Errors { get; } = errors;

    public IReadOnlyList<string> ValidFilters { get; } = validFilters;
}
