using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.Ssh;

/// <summary>One entry kept by <see cref="ListLogger{T}"/>.</summary>
public sealed record LogEntry(LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Values, Exception? Exception);
