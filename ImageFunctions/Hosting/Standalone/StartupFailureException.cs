namespace ImageFunctions.Hosting.Standalone;

/// <summary>
/// The standalone host cannot start because of its environment (storage unreachable or too old, ...). The message is one
/// line for the person starting it: what failed, which setting and what to do; never a secret. <c>--standalone</c> prints
/// it and exits with <see cref="StandaloneHost.StartupFailedExitCode"/> instead of crashing with a stack trace.
/// </summary>
public sealed class StartupFailureException(string message, Exception? inner = null) : Exception(message, inner);
