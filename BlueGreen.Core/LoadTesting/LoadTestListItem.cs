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

    /// <summary>The row of <paramref name="record"/>, from its counts.</summary>
    public static LoadTestListItem From(LoadTestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
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
        };
    }
}
