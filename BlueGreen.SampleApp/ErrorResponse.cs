namespace BlueGreen.SampleApp;

/// <summary>Every error body: a message, and per-field problems for a 400.</summary>
public sealed record ErrorResponse(string Error, IReadOnlyDictionary<string, string>? Details = null);
