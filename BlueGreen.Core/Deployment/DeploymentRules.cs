using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// What an operator may do with a deployment, decided here only: the engine refuses with <see cref="Refusal"/>'s
/// reason, the REST API returns <see cref="Allowed"/> with every record, and the pages show the buttons it allows.
/// Pure: from the record and which deployment of its environment switched last.
/// </summary>
public static class DeploymentRules
{
    private static readonly DeploymentAction[] s_actions = Enum.GetValues<DeploymentAction>();

    /// <summary>The actions <paramref name="deployment"/> allows now.</summary>
    /// <param name="deployment">The deployment as stored now.</param>
    /// <param name="latestSwitchedId">The environment's latest deployment whose switch moved (or may have moved) traffic, if any.</param>
    public static IReadOnlyList<DeploymentAction> Allowed(DeploymentRecord deployment, string? latestSwitchedId)
        => [.. s_actions.Where(a => Refusal(deployment, a, latestSwitchedId) is null)];

    /// <summary>True once traffic may have moved to the new group (see <see cref="DeploymentRecord.SwitchedAt"/>).</summary>
    public static bool HasSwitched(DeploymentRecord deployment)
        => deployment.SwitchedAt is not null
           // Records stored before SwitchedAt existed: a watch or a rollback means the switch had moved traffic.
           || deployment.Transitions.Any(t => t.To is DeploymentState.Watching or DeploymentState.RollingBack);

    /// <summary>Why <paramref name="action"/> is refused for <paramref name="deployment"/> now (what to do instead), or null when it is allowed.</summary>
    public static string? Refusal(DeploymentRecord deployment, DeploymentAction action, string? latestSwitchedId)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        var d = deployment;
        return action switch
        {
            DeploymentAction.Approve => d.State == DeploymentState.AwaitingApproval
                ? null
                : $"Deployment {d.Id} is {d.State}, not awaiting approval.",
            DeploymentAction.Abort => d.State is DeploymentState.Pending or DeploymentState.PreparingIdle or DeploymentState.Updating
                    or DeploymentState.SmokeTesting or DeploymentState.AwaitingApproval or DeploymentState.Switching
                ? null
                : $"Deployment {d.Id} is {d.State}; only a deployment that has not finished its switch can be aborted." +
                  (HasSwitched(d) && DeploymentStateMachine.IsActive(d.State) ? " Use Roll back after a switch." : ""),
            DeploymentAction.Rollback => RollbackRefusal(d, latestSwitchedId),
            DeploymentAction.Resolve => d.State is DeploymentState.Interrupted or DeploymentState.Failed
                ? null
                : $"Deployment {d.Id} is {d.State}; only an Interrupted or Failed deployment can be marked resolved.",
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
    }

    private static string? RollbackRefusal(DeploymentRecord d, string? latestSwitchedId)
    {
        if (d.State == DeploymentState.RollingBack)
        {
            return $"Deployment {d.Id} is rolling back now.";
        }
        if (d.State == DeploymentState.RolledBack)
        {
            return $"Deployment {d.Id} was rolled back already; {d.FromGroup} serves {d.PreviousVersion ?? "the previous version"}.";
        }
        if (!HasSwitched(d) || d.FromGroup is null || d.ToGroup is null)
        {
            return DeploymentStateMachine.IsActive(d.State)
                ? $"Deployment {d.Id} is {d.State} and has not switched: abort it instead."
                : $"Deployment {d.Id} ({d.State}) never switched traffic, so the live group did not change and there is nothing to roll back." +
                  (d.State is DeploymentState.Failed or DeploymentState.Interrupted ? " Mark it resolved once you have checked." : "");
        }
        if (!string.Equals(d.Id, latestSwitchedId, StringComparison.Ordinal))
        {
            return $"Deployment {d.Id} is not the latest deployment that switched on {d.Environment}" +
                   (latestSwitchedId is null ? "" : $" ({latestSwitchedId} is)") +
                   $"; rolling it back would undo a later release. Deploy {d.PreviousVersion ?? "the version you want"} instead.";
        }
        if (d.State == DeploymentState.Succeeded && d.Strategy == DeploymentStrategy.TwoPhase)
        {
            return $"Deployment {d.Id} (TwoPhase) updated both groups, so no group still runs {d.PreviousVersion ?? "the previous version"} to go back to. " +
                   $"Deploy {d.PreviousVersion ?? "the previous version"} instead.";
        }
        return d.State switch
        {
            DeploymentState.Watching or DeploymentState.Succeeded or DeploymentState.Failed or DeploymentState.Interrupted => null,
            DeploymentState.Switching => $"Deployment {d.Id} is switching; abort it now (the outgoing servers take traffic again), or roll back once the switch has finished.",
            _ => $"Deployment {d.Id} is {d.State}; roll back once it has finished.",
        };
    }
}
