namespace ImageFunctions.Imaging;

/// <summary>One parameter of a filter, e.g. the radius of <c>gaussian_blur</c>.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Type">Value type as shown in the API document ("number").</param>
/// <param name="Minimum">Smallest accepted value (inclusive).</param>
/// <param name="Maximum">Largest accepted value (inclusive).</param>
/// <param name="Default">Value used when the parameter is omitted.</param>
/// <param name="Description">What the parameter does.</param>
public sealed record FilterParameterInfo(string Name, string Type, double Minimum, double Maximum, double Default, string Description);
