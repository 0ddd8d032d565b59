namespace BlueGreen.SampleApp;

/// <summary>The answer of <c>GET /health</c>. <paramref name="InFlight"/> counts the other requests being served,
/// so a test or the lab can see that a slow request has arrived.</summary>
public sealed record HealthResponse(string Status, string Version, int InFlight);
