using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.HaProxy;

/// <summary>Keeps every log entry (level, rendered message, template) for assertions.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(LogLevel Level, string Message, string Template)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
        Func<TState, Exception?, string> formatter)
    {
        var template = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.FirstOrDefault(p => p.Key == "{OriginalFormat}").Value?.ToString() ?? ""
            : "";
        Entries.Enqueue((logLevel, formatter(state, exception), template));
    }
}
