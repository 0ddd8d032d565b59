using BlueGreen.Core.Deployment;

namespace BlueGreen.Core.LoadTesting.Phases;

/// <summary>
/// Something on a load test's timeline, stored with the test: a deployment event of its environment, or a note of
/// the test itself (deploy-at triggered or refused). Immutable: a reclassification makes a copy.
/// </summary>
public sealed record LoadTestMarker
{
    /// <summary>Wall-clock time.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>Seconds from the test's second 0 (negative before it), for charts.</summary>
    public double Second { get; init; }

    /// <summary>How the phase splitter reads it (see <see cref="LoadTestPhases"/>).</summary>
    public RunEventKind Kind { get; init; } = RunEventKind.Marker;

    /// <summary>Short text for charts and reports.</summary>
    public string Label { get; init; } = "";

    /// <summary>The deployment it belongs to, if any.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>The deployment event it was made from (its id in the deployment store), if any.</summary>
    public long? DeploymentEventId { get; init; }

    /// <summary>The deployment milestone, if it is one.</summary>
    public DeploymentEventKind? DeploymentEvent { get; init; }

    /// <summary>The marker as the phase splitter and the charts take it.</summary>
    public RunEvent ToRunEvent() => new(At, Kind, Label);

    /// <summary>A copy with another <see cref="Kind"/>.</summary>
    public LoadTestMarker WithKind(RunEventKind kind) => this with { Kind = kind };

    /// <summary>A marker for a deployment event, placed relative to a test that started at <paramref name="runStart"/>.</summary>
    public static LoadTestMarker FromDeploymentEvent(DeploymentEvent deploymentEvent, DateTimeOffset runStart)
    {
        ArgumentNullException.ThrowIfNull(deploymentEvent);
        return new LoadTestMarker
        {
            At = deploymentEvent.At,
            Second = (deploymentEvent.At - runStart).TotalSeconds,
            Label = $"{deploymentEvent.Kind}: {deploymentEvent.Message}",
            DeploymentId = deploymentEvent.DeploymentId,
            DeploymentEventId = deploymentEvent.Id,
            DeploymentEvent = deploymentEvent.Kind,
        };
    }
}
