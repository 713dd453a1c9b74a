using System.Security.Cryptography;

namespace ImageFunctions.Jobs;

/// <summary>Job and task ids: 128 random bits as 32 lower-case hex digits. A job id is the only key to its results.</summary>
public static class JobIds
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    public static bool IsValid(string? id) =>
        id is { Length: 32 } && id.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
