using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Phases;

/// <summary>
/// Turns a load test's markers into the events <see cref="PhaseSplitter"/> reads, choosing which deployment makes the
/// phases: the test's own deploy-at deployment when it has markers, otherwise the first deployment on the timeline.
/// </summary>
/// <remarks>
/// During = from that deployment's <see cref="DeploymentEventKind.Started"/> to its
/// <see cref="DeploymentEventKind.Finished"/>: the whole procedure (preparing and updating the idle group, smoke tests,
/// an approval wait, the switch, the watch after it and any rollback), not only the switch. All of it can disturb
/// traffic (the watch may end in an automatic rollback), and it is what both papers call "during": paper 002's
/// Ansible run, paper 000's "selama update". <see cref="DeploymentEventKind.Switched"/> and the other milestones stay
/// plain markers inside the window, as do other deployments' events: one window per test keeps Before / During /
/// After comparable across runs.
/// </remarks>
public static class LoadTestPhases
{
    /// <summary>The deployment whose Started..Finished window is the During phase, or null when there is none.</summary>
    public static string? PhaseDeploymentId(IEnumerable<LoadTestMarker> markers, string? ownDeploymentId)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var deployments = markers.Where(m => m.DeploymentId is not null && m.DeploymentEvent is not null).OrderBy(m => m.At).ToList();
        if (ownDeploymentId is not null && deployments.Any(m => m.DeploymentId == ownDeploymentId))
        {
            return ownDeploymentId;
        }
        return deployments.FirstOrDefault()?.DeploymentId;
    }

    /// <summary>
    /// The markers in time order, each with its <see cref="LoadTestMarker.Kind"/> set for the chosen deployment
    /// (copies where the kind changes; the inputs are not modified).
    /// </summary>
    public static List<LoadTestMarker> Classify(IEnumerable<LoadTestMarker> markers, string? ownDeploymentId)
    {
        ArgumentNullException.ThrowIfNull(markers);
        var list = markers.OrderBy(m => m.At).ToList();
        var phaseDeployment = PhaseDeploymentId(list, ownDeploymentId);
        return list.Select(m =>
        {
            var kind = m.DeploymentId is not null && m.DeploymentId == phaseDeployment
                ? m.DeploymentEvent switch
                {
                    DeploymentEventKind.Started => RunEventKind.DeploymentStarted,
                    DeploymentEventKind.Finished => RunEventKind.DeploymentEnded,
                    _ => RunEventKind.Marker,
                }
                : RunEventKind.Marker;
            return kind == m.Kind ? m : m.WithKind(kind);
        }).ToList();
    }

    /// <summary>The phase of one sample given classified events; null for a warm-up second (in no phase).</summary>
    public static Phase? PhaseOf(LoadSample sample, IEnumerable<RunEvent> events)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.IsWarmUp)
        {
            return null;
        }
        var (started, ended) = PhaseSplitter.DeploymentWindow(events);
        return PhaseSplitter.PhaseOf(sample, started, ended);
    }
}
