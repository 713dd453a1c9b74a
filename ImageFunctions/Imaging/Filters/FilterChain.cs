using System.Globalization;

namespace ImageFunctions.Imaging;

/// <summary>A parsed, validated chain such as <c>grayscale,gaussian_blur:2.5</c>, applied left to right.</summary>
/// <remarks>
/// Grammar: steps separated by commas; a step is a filter name, optionally followed by arguments written
/// <c>name:1.5</c> or <c>name(1.5)</c>. Names are case-insensitive and whitespace around tokens is ignored.
/// Omitted arguments take their default, so <see cref="FilterStep.Arguments"/> is always complete.
/// </remarks>
public sealed record FilterChain(IReadOnlyList<FilterStep> Steps)
{
    /// <summary>Most steps a chain may have; longer chains are refused to bound the work of one request.</summary>
    public const int MaxSteps = 10;

    /// <summary>Longest piece of the client's text repeated in an error message.</summary>
    public const int MaxQuoted = 40;

    /// <summary>The normalised text of the chain (lower case, no spaces, arguments in invariant culture).</summary>
    public string Canonical => string.Join(",", Steps.Select(FormatStep));

    /// <summary>Parses and validates the whole chain; throws <see cref="FilterSpecException"/>.</summary>
    public static FilterChain Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw Fail(["The filter specification is empty; name at least one filter."]);
        }

        var parts = text.Split(',');
        var errors = new List<string>();
        var steps = new List<FilterStep>(parts.Length);
        if (parts.Length > MaxSteps)
        {
            // One error, not one per step: a thousand bad steps must not make a thousand-line answer.
            throw Fail([$"A chain may have at most {MaxSteps} filters; got {parts.Length}."]);
        }

        for (var i = 0; i < parts.Length; i++)
        {
            var step = ParseStep(parts[i].Trim(), i + 1, errors);
            if (step is not null)
            {
                steps.Add(step);
            }
        }

        if (errors.Count > 0)
        {
            throw Fail(errors);
        }

        return new FilterChain(steps);
    }

    private static FilterStep? ParseStep(string text, int position, List<string> errors)
    {
        if (text.Length == 0)
        {
            errors.Add($"Filter {position} is empty (stray comma?).");
            return null;
        }

        string name;
        string[] rawArguments;
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (open >= 0 && (colon < 0 || open < colon))
        {
            if (!text.EndsWith(')'))
            {
                errors.Add($"Filter {position} '{Quote(text)}': missing ')'.");
                return null;
            }

            name = text[..open].Trim();
            var inner = text[(open + 1)..^1].Trim();
            rawArguments = inner.Length == 0 ? [] : inner.Split(':', ';');
        }
        else if (colon >= 0)
        {
            name = text[..colon].Trim();
            rawArguments = text[(colon + 1)..].Split(':');
        }
        else
        {
            name = text;
            rawArguments = [];
        }

        name = name.ToLowerInvariant();
        var filter = FilterCatalog.Find(name);
        if (filter is null)
        {
            errors.Add($"Unknown filter '{Quote(name)}'.");
            return null;
        }

        if (rawArguments.Length > filter.Parameters.Count)
        {
            errors.Add(filter.Parameters.Count == 0
                ? $"Filter '{name}' takes no parameters."
                : $"Filter '{name}' takes at most {filter.Parameters.Count} parameter(s): {string.Join(", ", filter.Parameters.Select(p => p.Name))}.");
            return null;
        }

        var arguments = new double[filter.Parameters.Count];
        var ok = true;
        for (var i = 0; i < arguments.Length; i++)
        {
            var parameter = filter.Parameters[i];
            if (i >= rawArguments.Length)
            {
                arguments[i] = parameter.Default;
                continue;
            }

            var raw = rawArguments[i].Trim();
            if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                errors.Add($"Filter '{name}': {parameter.Name} '{Quote(raw)}' is not a number.");
                ok = false;
            }
            else if (value < parameter.Minimum || value > parameter.Maximum)
            {
                errors.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Filter '{name}': {parameter.Name} must be between {parameter.Minimum} and {parameter.Maximum}; got {value}."));
                ok = false;
            }
            else
            {
                arguments[i] = value;
            }
        }

        return ok ? new FilterStep(filter, arguments) : null;
    }

    private static string FormatStep(FilterStep step)
    {
        if (step.Arguments.Count == 0)
        {
            return step.Name.ToLowerInvariant();
        }

        var arguments = step.Arguments.Select(a => a.ToString("R", CultureInfo.InvariantCulture));
        return step.Name.ToLowerInvariant() + ":" + string.Join(":", arguments);
    }

    /// <summary>The client's text as an error message repeats it: at most <see cref="MaxQuoted"/> characters.</summary>
    private static string Quote(string text) => text.Length <= MaxQuoted ? text : string.Concat(text.AsSpan(0, MaxQuoted), "…");

    private static FilterSpecException Fail(IReadOnlyList<string> errors)
    {
        var valid = FilterCatalog.Names;
        var message = $"{string.Join(" ", errors)} Valid filters: {string.Join(", ", valid)}.";
        return new FilterSpecException(message, errors, valid);
    }
}
