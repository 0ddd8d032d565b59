using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Storage;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// One load test as stored (collection <c>loadtests</c>) and listed: its settings, state, markers and, once it has
/// ended, its summary and phases. Changed only by <see cref="LoadTestService"/>, under the test's lock, and saved
/// after every change; readers always get their own copy from the store.
/// </summary>
public sealed class LoadTestRecord
{
    public string Id { get; set; } = "";
    public string Environment { get; set; } = "";
    /// <summary>The URL every request went to (resolved from the settings when the test started).</summary>
    public string Url { get; set; } = "";
    /// <summary>The spec as it ran: the environment's configured name and the path used filled in.</summary>
    public LoadTestSpec Settings { get; set; } = new();
    public string RequestedBy { get; set; } = "";
    public LoadTestState State { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Wall-clock time of second 0.</summary>
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    /// <summary>Planned length from second 0, warm-up included (for progress and ETA).</summary>
    public double PlannedSeconds { get; set; }
    /// <summary>Merged seconds stored so far (samples are written every second).</summary>
    public int SecondsStored { get; set; }
    public string? StoppedBy { get; set; }
    public string? Error { get; set; }
    /// <summary>What an operator should know, e.g. the deployment engine refused the deploy-at deployment.</summary>
    public List<string> Warnings { get; set; } = [];
    /// <summary>The deployment started by deploy-at, if it started.</summary>
    public string? DeploymentId { get; set; }
    /// <summary>The deployment whose Started..Finished window is the During phase (see <see cref="LoadTestPhases"/>).</summary>
    public string? PhaseDeploymentId { get; set; }
    /// <summary>Deployment events of the environment during the test, and the test's own notes, in time order.</summary>
    public List<LoadTestMarker> Markers { get; set; } = [];
    /// <summary>The summary, once ended; null while running.</summary>
    public LoadTestResult? Result { get; set; }
    /// <summary>The criteria evaluated when the test ended; null while running, and in tests stored before criteria existed.</summary>
    public LoadTestEvaluation? Evaluation { get; set; }
    /// <summary>Counts over the seconds stored so far (for progress and lists); null in tests stored before it existed.</summary>
    public LoadTestSoFar? SoFar { get; set; }
}
