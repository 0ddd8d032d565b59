using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.Ssh;

/// <summary>A logger that keeps every entry, with its template values, for assertions.</summary>
public sealed class ListLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Entries in the order they were logged.</summary>
    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
        _entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value), exception));
    }
}
