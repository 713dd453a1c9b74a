using ImageFunctions.Api.Contracts;
using ImageFunctions.Imaging;

namespace ImageFunctions.Api.Submission;

/// <summary>One accepted upload, already in the image store.</summary>
public sealed record UploadedImage(string TaskId, string FileName, string SourceBlob, ImageFormatInfo Format);

/// <summary>What a multipart request carried: the stored images and the plain form fields.</summary>
public sealed record UploadedForm(IReadOnlyList<UploadedImage> Images, IReadOnlyDictionary<string, string> Fields);

/// <summary>The answer to a submission: the job, and whether it is an earlier request's job returned again (same <c>Idempotency-Key</c>).</summary>
public sealed record JobSubmission(JobAcceptedResponse Accepted, bool Replayed);
