using ImageFunctions.Api.Contracts;
using ImageFunctions.Api.OpenApi;
using ImageFunctions.Api.Submission;
using ImageFunctions.Imaging;
using ImageFunctions.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Api;

/// <summary><c>GET /limits</c>: the upload limits and formats, from the same settings and constants the upload checks use.</summary>
public sealed class LimitsFunction(IOptions<ImageFunctionsOptions> options)
{
    [Function("Limits")]
    [OpenApiOperation(OpenApiTags.Service, "Upload limits",
        "What `POST /process-job` accepts: file count, file size, pixel count, the totals of one job (bytes and pixels of all "
        + "files, and the request body cap), input and output formats, quality bounds and chain length. The web page checks files against them before it sends anything.")]
    [OpenApiResponse(200, "The limits.", typeof(LimitsResponse))]
    public IResult Limits([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "limits")] HttpRequest req) =>
        TypedResults.Ok(Create(options.Value.Limits));

    /// <summary>The answer for <paramref name="limits"/>.</summary>
    public static LimitsResponse Create(LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new LimitsResponse(
            limits.MaxFiles,
            limits.MaxFileBytes,
            limits.MaxPixels,
            [.. ImageFormatInfo.All.Select(f => new InputFormatResponse(f.Name, f.MimeType, f.Extension))],
            [.. Enum.GetNames<OutputFormat>().Select(n => n.ToLowerInvariant())],
            OutputOptions.MinQuality,
            OutputOptions.MaxQuality,
            OutputOptions.DefaultQuality,
            FilterChain.MaxSteps,
            limits.MaxMetadataSegments,
            limits.MaxMetadataBytes,
            limits.MaxJobBytes,
            limits.MaxJobPixels,
            RequestBodyLimit.For(limits));
    }
}
