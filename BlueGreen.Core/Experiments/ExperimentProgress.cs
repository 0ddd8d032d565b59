namespace BlueGreen.Core.Experiments;

/// <summary>How far an experiment is, and when it should end (from the runs measured so far).</summary>
public sealed record ExperimentProgress
{
    public required int Total { get; init; }
    public required int Ended { get; init; }
    public required int Completed { get; init; }
    public required int Failed { get; init; }
    /// <summary>0..1.</summary>
    public required double Fraction { get; init; }
    /// <summary>The median time of the runs that ended (baseline restore included), plus the cool-down.</summary>
    public TimeSpan? TypicalRun { get; init; }
    /// <summary>While running: when the last run should end; null before the first run ends.</summary>
    public DateTimeOffset? Eta { get; init; }

    /// <summary>The progress of <paramref name="experiment"/> at <paramref name="now"/>.</summary>
    public static ExperimentProgress Of(ExperimentRecord experiment, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var runs = experiment.Runs;
        var ended = runs.Count(r => r.HasEnded);
        var durations = runs.Select(r => r.Duration).OfType<TimeSpan>().Select(d => d.TotalSeconds).ToArray();
        TimeSpan? typical = durations.Length == 0
            ? null
            : TimeSpan.FromSeconds(MathNet.Numerics.Statistics.Statistics.Median(durations) + experiment.Definition.CooldownSeconds);
        var remaining = runs.Count - ended;
        return new ExperimentProgress
        {
            Total = runs.Count,
            Ended = ended,
            Completed = runs.Count(r => r.State == RunState.Completed),
            Failed = runs.Count(r => r.State is RunState.Failed or RunState.Interrupted),
            Fraction = runs.Count == 0 ? 0 : (double)ended / runs.Count,
            TypicalRun = typical,
            Eta = experiment.State == ExperimentState.Running && typical is { } run ? now + run * remaining : null,
        };
    }
}
