using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Phases;

/// <summary>
/// Splits a run's per-second samples into Before / During / After a deployment and summarises each phase, merging
/// the per-second histograms (exact percentiles, not averages of percentiles). Warm-up samples are left out.
/// </summary>
/// <remarks>
/// The deployment window is [first <see cref="RunEventKind.DeploymentStarted"/>, first
/// <see cref="RunEventKind.DeploymentEnded"/> at or after it). A second [start, end) is Before when it ends at or
/// before the window opens, After when it begins at or after the window closes, and During otherwise: any second
/// the deployment touches counts as During, so a disruption is never credited to Before or After. Without a start
/// event everything is Before; events before the run make it all During/After, events after it leave it all Before;
/// a start without an end makes During last to the end of the run; an end without a start (the deployment was already
/// running) makes During begin with the run.
/// </remarks>
public sealed class PhaseSplitter
{
    private readonly TiphonOptions _tiphon;

    /// <summary>Creates a splitter grading with <paramref name="tiphon"/> (paper 000's thresholds by default).</summary>
    public PhaseSplitter(TiphonOptions? tiphon = null)
    {
        _tiphon = tiphon ?? TiphonOptions.Default;
        var problems = _tiphon.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid TIPHON options: {string.Join(" ", problems)}", nameof(tiphon));
        }
    }

    /// <summary>Splits <paramref name="samples"/> of one client (or the merged ones, the default) by the deployment in <paramref name="events"/>.</summary>
    /// <param name="samples">A run's samples, in any order; samples of other clients are ignored.</param>
    /// <param name="events">The run's events; only deployment start and end are used.</param>
    /// <param name="client">Which client's samples to use; null for the merged samples.</param>
    public PhaseSplit Split(IEnumerable<LoadSample> samples, IEnumerable<RunEvent> events, int? client = null)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(events);
        var (started, ended) = DeploymentWindow(events);
        var phases = new[] { new List<LoadSample>(), new List<LoadSample>(), new List<LoadSample>() };
        foreach (var sample in samples.Where(s => s.Client == client && !s.IsWarmUp).OrderBy(s => s.Second))
        {
            phases[(int)PhaseOf(sample, started, ended)].Add(sample);
        }
        return new PhaseSplit
        {
            Before = Summarise(Phase.Before, phases[0]),
            During = Summarise(Phase.During, phases[1]),
            After = Summarise(Phase.After, phases[2]),
            DeploymentStartedAt = started,
            DeploymentEndedAt = ended,
        };
    }

    /// <summary>
    /// The deployment window in <paramref name="events"/>: the first <see cref="RunEventKind.DeploymentStarted"/> and the
    /// first <see cref="RunEventKind.DeploymentEnded"/> at or after it; either may be missing.
    /// </summary>
    public static (DateTimeOffset? Started, DateTimeOffset? Ended) DeploymentWindow(IEnumerable<RunEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ordered = events.OrderBy(e => e.Timestamp).ToList();
        var started = ordered.FirstOrDefault(e => e.Kind == RunEventKind.DeploymentStarted)?.Timestamp;
        var ended = ordered.FirstOrDefault(e => e.Kind == RunEventKind.DeploymentEnded && (started is null || e.Timestamp >= started))?.Timestamp;
        return (started, ended);
    }

    /// <summary>The phase of one second given the deployment window (either end may be missing).</summary>
    public static Phase PhaseOf(LoadSample sample, DateTimeOffset? deploymentStarted, DateTimeOffset? deploymentEnded)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (deploymentStarted is null && deploymentEnded is null)
        {
            return Phase.Before;
        }
        if (deploymentStarted is { } start && sample.End <= start)
        {
            return Phase.Before;
        }
        return deploymentEnded is { } end && sample.Start >= end ? Phase.After : Phase.During;
    }

    private PhaseSummary Summarise(Phase phase, List<LoadSample> samples)
    {
        var totals = LoadTotals.Sum(samples);
        return new PhaseSummary
        {
            Phase = phase,
            From = samples.Count > 0 ? samples[0].Start : null,
            To = samples.Count > 0 ? samples[^1].End : null,
            Totals = totals,
            DelayGrade = totals.Latency is { } latency ? Tiphon.GradeDelay(latency.MeanMs, _tiphon) : null,
            LossGrade = totals.Intended > 0 ? Tiphon.GradeLoss(totals.LossPercent, _tiphon) : null,
        };
    }
}
