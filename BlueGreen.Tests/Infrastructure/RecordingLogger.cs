using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>A logger that keeps every entry (level, rendered message, template, values, exception) for assertions.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Entries in the order they were logged.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = (state as IReadOnlyList<KeyValuePair<string, object?>> ?? []).ToDictionary(v => v.Key, v => v.Value);
        var template = values.GetValueOrDefault("{OriginalFormat}")?.ToString() ?? "";
        _entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), template, values, exception));
    }
}

/// <summary>One entry kept by <see cref="RecordingLogger{T}"/>.</summary>
public sealed record LogEntry(LogLevel Level, string Message, string Template, IReadOnlyDictionary<string, object?> Values, Exception? Exception);
