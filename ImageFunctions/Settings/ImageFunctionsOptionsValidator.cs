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
        Check(nameof(options.Notifications), options.Notifications, failures);
        Check(nameof(options.RateLimit), options.RateLimit, failures);
        Check(nameof(options.Backends), options.Backends, failures);
        CheckNotifications(options.Notifications, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckNotifications(NotificationOptions notifications, List<string> failures)
    {
        const string Section = $"{ImageFunctionsOptions.SectionName}:{nameof(ImageFunctionsOptions.Notifications)}";
        if (notifications.SigningSecret is { Length: > 0 and < NotificationOptions.MinSecretLength })
        {
            failures.Add($"{Section}:{nameof(notifications.SigningSecret)}: at least {NotificationOptions.MinSecretLength} characters, or empty to refuse notify_url.");
        }

        if (!HostAllowList.TryParse(notifications.AllowedHosts, out _, out var error))
        {
            failures.Add($"{Section}:{nameof(notifications.AllowedHosts)}: {error}");
        }
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
