using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// One load test as a list shows it (the Load tests page, <c>GET /api/loadtests</c>): counts only, no histogram.
/// Carried by every <see cref="LoadTestChange"/>, so a list applies changes instead of reading the store again.
/// </summary>
public sealed record LoadTestListItem
{
    public required string Id { get; init; }
    public required string Environment { get; init; }
    public required string Url { get; init; }
    public required LoadTestState State { get; init; }
    public required string RequestedBy { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public required double PlannedSeconds { get; init; }
    public required int SecondsStored { get; init; }
    public required double RatePerClient { get; init; }
    public required int Clients { get; init; }
    /// <summary>The deploy-at second and version, when the test asked for a deployment.</summary>
    public double? DeployAtSeconds { get; init; }
    public string? DeployVersion { get; init; }
    /// <summary>The deploy-at deployment, once it started.</summary>
    public string? DeploymentId { get; init; }
    /// <summary>The deployment that makes the During phase, if any.</summary>
    public string? PhaseDeploymentId { get; init; }
    /// <summary>How many warnings the test carries.</summary>
    public required int Warnings { get; init; }
    /// <summary>Over every second so far (warm-up included) while it runs; over the measured seconds once it ended.</summary>
    public required long Intended { get; init; }
    public required long Ok { get; init; }
    public required long Failed { get; init; }
    public required long Unsent { get; init; }
    /// <summary>Loss ((failed + unsent) / intended) during the deployment, once the test ended with one; else null.</summary>
    public double? DuringLossPercent { get; init; }
    /// <summary>The TIPHON grade of <see cref="DuringLossPercent"/>.</summary>
    public TiphonGrade? DuringLossGrade { get; init; }

    /// <summary>
    /// The state of the deployment beside <see cref="DuringLossPercent"/> (the During phase's, else the deploy-at one)
    /// when the list was read: a loss measured over a failed or rolled-back deployment is not a clean run's.
    /// </summary>
    public DeploymentState? DeploymentState { get; init; }
    /// <summary>What the test's criteria say (None without criteria, NotEvaluated while it runs).</summary>
    public LoadTestVerdict Verdict { get; init; }
    /// <summary>The texts of the criteria that failed.</summary>
    public IReadOnlyList<string> FailedCriteria { get; init; } = [];

    /// <summary>The row of <paramref name="record"/>, from its counts, with the state of its deployment when known.</summary>
    public static LoadTestListItem From(LoadTestRecord record, DeploymentState? deploymentState = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        // No histogram is decoded: a stored evaluation is read as it is; a running test's criteria are only listed.
        var evaluation = LoadTestEvaluation.Read(record);
        var result = record.Result;
        var soFar = record.SoFar;
        var during = record.PhaseDeploymentId is null ? null : result?.Phases.FirstOrDefault(p => p.Phase == Phase.During)?.Totals;
        return new LoadTestListItem
        {
            Id = record.Id,
            Environment = record.Environment,
            Url = record.Url,
            State = record.State,
            RequestedBy = record.RequestedBy,
            CreatedAt = record.CreatedAt,
            StartedAt = record.StartedAt,
            EndedAt = record.EndedAt,
            PlannedSeconds = record.PlannedSeconds,
            SecondsStored = record.SecondsStored,
            RatePerClient = record.Settings.RatePerClient,
            Clients = record.Settings.Clients,
            DeployAtSeconds = record.Settings.DeployAt?.TotalSeconds,
            DeployVersion = record.Settings.DeployVersion,
            DeploymentId = record.DeploymentId,
            PhaseDeploymentId = record.PhaseDeploymentId,
            Warnings = record.Warnings.Count,
            Intended = result?.Total.Intended ?? soFar?.Intended ?? 0,
            Ok = result?.Total.Ok ?? soFar?.Ok ?? 0,
            Failed = result?.Total.Failures.ToCounts().Total ?? soFar?.Failed ?? 0,
            Unsent = result?.Total.Unsent ?? soFar?.Unsent ?? 0,
            DuringLossPercent = during is null ? null : during.Intended == 0 ? 0 : 100.0 * (during.Failures.ToCounts().Total + during.Unsent) / during.Intended,
            DuringLossGrade = during is null ? null : result!.Phases.First(p => p.Phase == Phase.During).LossGrade,
            DeploymentState = deploymentState,
            Verdict = evaluation.Verdict,
            FailedCriteria = [.. evaluation.Criteria.Where(c => c.Passed == false).Select(c => c.Text)],
        };
    }
}
