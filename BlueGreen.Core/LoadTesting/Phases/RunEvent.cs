namespace BlueGreen.Core.LoadTesting.Phases;

/// <summary>Something that happened during (or around) a load test, e.g. from the deployment engine.</summary>
/// <param name="Timestamp">Wall-clock time, from the same <see cref="TimeProvider"/> as the run's samples.</param>
/// <param name="Kind">What it marks.</param>
/// <param name="Label">Short text for charts and reports, e.g. "deploy 2.4.1 to green".</param>
public sealed record RunEvent(DateTimeOffset Timestamp, RunEventKind Kind, string Label);
