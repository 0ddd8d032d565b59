using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting;

/// <summary>A load test for reading (REST, report pages): settings, state, progress, summary, phases with TIPHON grades, markers.</summary>
public sealed class LoadTestDetails
{
    public required string Id { get; init; }
    public required string Environment { get; init; }
    public required string Url { get; init; }
    public required LoadTestState State { get; init; }
    /// <summary>The spec as it ran, with the path used (in JSON: the REST body's shape, times in seconds).</summary>
    public required LoadTestSpec Settings { get; init; }
    public required string RequestedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public string? StoppedBy { get; init; }
    public string? Error { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }
    /// <summary>The deployment started by deploy-at, if it started.</summary>
    public string? DeploymentId { get; init; }
    /// <summary>The deployment that makes the During phase, if any.</summary>
    public string? PhaseDeploymentId { get; init; }
    public required LoadTestProgress Progress { get; init; }
    /// <summary>Seconds published (warm-up included); null while running.</summary>
    public int? Seconds { get; init; }
    public int? WarmUpSeconds { get; init; }
    /// <summary>All clients over the measured seconds; null while running.</summary>
    public LoadTotals? Total { get; init; }
    /// <summary>Each client over the measured seconds; empty while running.</summary>
    public required IReadOnlyList<LoadTotals> PerClient { get; init; }
    /// <summary>Before, During, After with TIPHON grades; empty while running.</summary>
    public required IReadOnlyList<PhaseSummary> Phases { get; init; }
    public required IReadOnlyList<LoadTestMarker> Markers { get; init; }
    /// <summary>What the spec's criteria say: None without criteria; NotEvaluated while running (see docs/loadtests.md).</summary>
    public required LoadTestVerdict Verdict { get; init; }
    /// <summary>What the verdict covers when the test ended early (or runs still); else null.</summary>
    public string? VerdictNote { get; init; }
    /// <summary>Each criterion with the value measured, the threshold and whether it held.</summary>
    public required IReadOnlyList<CriterionResult> Criteria { get; init; }
    /// <summary>The state of the deployment of the During phase (or of the deploy-at one) now, if there is one.</summary>
    public DeploymentState? DeploymentState { get; init; }

    /// <summary>
    /// Reads <paramref name="record"/> (decoding its stored histograms) with its current <paramref name="progress"/>
    /// and the state of its deployment, when known.
    /// </summary>
    public static LoadTestDetails From(LoadTestRecord record, LoadTestProgress progress, DeploymentState? deploymentState = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var result = record.Result;
        var evaluation = LoadTestEvaluation.Read(record);
        return new LoadTestDetails
        {
            Id = record.Id,
            Environment = record.Environment,
            Url = record.Url,
            State = record.State,
            Settings = record.Settings,
            RequestedBy = record.RequestedBy,
            CreatedAt = record.CreatedAt,
            StartedAt = record.StartedAt,
            EndedAt = record.EndedAt,
            StoppedBy = record.StoppedBy,
            Error = record.Error,
            Warnings = record.Warnings,
            DeploymentId = record.DeploymentId,
            PhaseDeploymentId = record.PhaseDeploymentId,
            Progress = progress,
            Seconds = result?.Seconds,
            WarmUpSeconds = result?.WarmUpSeconds,
            Total = result?.Total.ToTotals(),
            PerClient = result?.PerClient.Select(c => c.ToTotals()).ToList() ?? [],
            Phases = result?.Phases.Select(p => p.ToSummary()).ToList() ?? [],
            Markers = record.Markers,
            Verdict = evaluation.Verdict,
            VerdictNote = evaluation.Note,
            Criteria = evaluation.Criteria,
            DeploymentState = deploymentState,
        };
    }
}
