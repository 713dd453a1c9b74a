using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ImageFunctions.Tests.Support;

/// <summary>A logger provider that keeps every entry of the app it is added to (<c>services.AddSingleton&lt;ILoggerProvider&gt;</c>).</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Everything logged so far, oldest first.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}

/// <summary>One logged entry: its category (the logging type's full name), level, message and exception.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);
