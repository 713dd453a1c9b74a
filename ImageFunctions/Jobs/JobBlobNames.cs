namespace ImageFunctions.Jobs;

/// <summary>Blob names of a job: <c>{jobId}/{taskId}</c> for uploads, <c>{jobId}/{outputName}</c> for results.</summary>
public static class JobBlobNames
{
    public static string Upload(string jobId, string taskId) => $"{jobId}/{taskId}";

    public static string Processed(string jobId, string outputName) => $"{jobId}/{outputName}";

    public static string JobPrefix(string jobId) => $"{jobId}/";
}
