using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ImageFunctions.Settings;

/// <summary>Validates every section of <see cref="ImageFunctionsOptions"/> at start-up, naming the setting that is wrong.</summary>
public sealed class ImageFunctionsOptionsValidator : IValidateOptions<ImageFunctionsOptions>
{
    public ValidateOptionsResult Validate(string? name, ImageFunctionsOptions options)
    {
        var failures = new List<string>();
        Check(nameof(options.Storage), options.Storage, failures);
        Check(nameof(options.Limits), options.Limits, failures);
        Check(nameof(options.Jobs), options.Jobs, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string section, object value, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r =>
                $"{ImageFunctionsOptions.SectionName}:{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
