using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;

namespace BlueGreen.Dashboard.Components.Controls;

/// <summary>
/// What the Overview tells about one environment beyond the live group: the deployment running on it, a live group
/// serving with fewer servers than it has, and whether both groups taking traffic was a manual change (and which
/// group to put back in maintenance). Computed from one status and the environment's latest deployment; immutable.
/// </summary>
public sealed record EnvironmentStory
{
    public required EnvironmentStatus Status { get; init; }

    /// <summary>The deployment running (or waiting for approval) on the environment; null when none is.</summary>
    public DeploymentRecord? Running { get; init; }

    /// <summary>Set when the live group serves with fewer servers than it has.</summary>
    public ReducedCapacity? Capacity { get; init; }

    /// <summary>Both groups take traffic, no deployment runs, and the last one did not leave it so (a TwoPhase rollout
    /// does): someone set a standby server READY by hand.</summary>
    public bool ManualBoth { get; init; }

    /// <summary>With <see cref="ManualBoth"/>: the group that should stand by, when it can be told; null otherwise.</summary>
    public SiteGroup? Standby { get; init; }

    /// <summary>The servers of <see cref="Standby"/> that are not in maintenance on every load balancer (what the fix sets MAINT).</summary>
    public IReadOnlyList<string> StandbyServersOutOfMaint { get; init; } = [];

    /// <summary>The version the servers of <paramref name="group"/> are being updated to now; null when they are not.</summary>
    public string? UpdatingTo(SiteGroup group) => Running?.GroupBeingUpdated == group ? Running.Version : null;

    /// <summary>The story of <paramref name="status"/>, given the environment's latest deployment (running or not).</summary>
    public static EnvironmentStory Of(EnvironmentStatus status, DeploymentRecord? latest)
    {
        ArgumentNullException.ThrowIfNull(status);
        var running = latest is not null && DeploymentStateMachine.IsActive(latest.State) ? latest : null;
        var manualBoth = status.LiveGroup == LiveGroup.Both && running is null
            && latest is not { State: DeploymentState.Succeeded, Strategy: DeploymentStrategy.TwoPhase };
        var standby = manualBoth ? StandbyOf(status, latest) : null;
        return new EnvironmentStory
        {
            Status = status,
            Running = running,
            Capacity = ReducedCapacity.Of(status),
            ManualBoth = manualBoth,
            Standby = standby,
            StandbyServersOutOfMaint = standby is { } group
                ? [.. status.Sites.Where(s => s.Group == group).SelectMany(s => s.Servers)
                    .Where(s => s.ByLoadBalancer.Values.Any(state => state.Admin != AdminState.Maint)).Select(s => s.Name)]
                : [],
        };
    }

    // The group only partly live beside a fully live one is the one a server was added to by hand; else the group
    // the last deployment left standing by; else the only group with a server still in maintenance (a standby group
    // is kept in maintenance); else it cannot be told.
    private static SiteGroup? StandbyOf(EnvironmentStatus status, DeploymentRecord? latest)
    {
        var live = status.Groups.Where(g => g.Liveness == GroupLiveness.Live).ToList();
        var partly = status.Groups.Where(g => g.Liveness == GroupLiveness.PartlyLive).ToList();
        if (live.Count == 1 && partly.Count == 1)
        {
            return partly[0].Group;
        }
        SiteGroup? left = latest switch
        {
            { State: DeploymentState.Succeeded, Strategy: DeploymentStrategy.BlueGreen } => latest.FromGroup,
            { State: DeploymentState.RolledBack or DeploymentState.Aborted } => latest.ToGroup,
            { State: DeploymentState.Failed, SwitchedAt: null } => latest.ToGroup,
            _ => null,
        };
        if (left is not null)
        {
            return left;
        }
        var withMaint = status.Sites
            .Where(site => site.Servers.Any(s => s.ByLoadBalancer.Values.Any(state => state.Admin == AdminState.Maint)))
            .Select(site => site.Group).Distinct().ToList();
        return withMaint.Count == 1 ? withMaint[0] : null;
    }
}
