namespace BlueGreen.Core.LoadTesting.Phases;

/// <summary>What a <see cref="RunEvent"/> marks on a load test's timeline.</summary>
public enum RunEventKind
{
    /// <summary>A deployment began (opens the During phase).</summary>
    DeploymentStarted,

    /// <summary>A deployment ended, successfully or not (opens the After phase).</summary>
    DeploymentEnded,

    /// <summary>Anything else worth a chart annotation (switch, rollback, note); ignored by the phase splitter.</summary>
    Marker,
}
