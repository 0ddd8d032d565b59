namespace BlueGreen.SampleApp;

/// <summary>The answer of <c>GET /version</c>.</summary>
public sealed record VersionResponse(string Version, string Name);
