namespace BlueGreen.Core.LoadTesting.Phases;

/// <summary>A run split into Before / During / After a deployment, by <see cref="PhaseSplitter"/>.</summary>
public sealed class PhaseSplit
{
    /// <summary>Seconds that ended at or before the deployment started (all of them when there was no deployment).</summary>
    public required PhaseSummary Before { get; init; }

    /// <summary>Seconds that overlap the deployment.</summary>
    public required PhaseSummary During { get; init; }

    /// <summary>Seconds that began at or after the deployment ended.</summary>
    public required PhaseSummary After { get; init; }

    /// <summary>The deployment start used, if any.</summary>
    public DateTimeOffset? DeploymentStartedAt { get; init; }

    /// <summary>The deployment end used, if any.</summary>
    public DateTimeOffset? DeploymentEndedAt { get; init; }

    /// <summary>The three phases in order.</summary>
    public IReadOnlyList<PhaseSummary> All => [Before, During, After];
}
