namespace ImageFunctions.Api;

/// <summary>The URLs the API hands out in its answers (routes have no prefix: host.json's routePrefix is "").</summary>
public static class ApiRoutes
{
    public static string Status(string jobId) => $"/status-job/{jobId}";

    public static string Delete(string jobId) => $"/delete-job/{jobId}";

    public static string Download(string jobId) => $"/download/{jobId}";

    public static string Image(string jobId, string fileName) => $"/images/{jobId}/{Uri.EscapeDataString(fileName)}";
}
