namespace BlueGreen.SampleApp;

/// <summary>The answer of <c>GET /slow?ms=N</c>.</summary>
public sealed record SlowResponse(int SleptMs, string Version, string Name);
