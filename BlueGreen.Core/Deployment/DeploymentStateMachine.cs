namespace BlueGreen.Core.Deployment;

/// <summary>The legal moves between <see cref="DeploymentState"/>s. One table, so the UI, the engine and the tests agree.</summary>
public static class DeploymentStateMachine
{
    private static readonly Dictionary<DeploymentState, DeploymentState[]> s_next = new()
    {
        [DeploymentState.Pending] = [DeploymentState.PreparingIdle, DeploymentState.Aborted, DeploymentState.Failed, DeploymentState.Interrupted],
        [DeploymentState.PreparingIdle] = [DeploymentState.Updating, DeploymentState.Failed, DeploymentState.Aborted, DeploymentState.Interrupted],
        [DeploymentState.Updating] = [DeploymentState.SmokeTesting, DeploymentState.Failed, DeploymentState.Aborted, DeploymentState.Interrupted],
        [DeploymentState.SmokeTesting] = [DeploymentState.AwaitingApproval, DeploymentState.Switching, DeploymentState.Failed, DeploymentState.Aborted, DeploymentState.Interrupted],
        [DeploymentState.AwaitingApproval] = [DeploymentState.Switching, DeploymentState.Aborted, DeploymentState.Interrupted],
        // Aborted: an operator stopped the switch (e.g. a drain waiting on) and the outgoing servers took traffic again.
        [DeploymentState.Switching] = [DeploymentState.Watching, DeploymentState.RollingBack, DeploymentState.Failed, DeploymentState.Aborted, DeploymentState.Interrupted],
        [DeploymentState.Watching] = [DeploymentState.Succeeded, DeploymentState.UpdatingRest, DeploymentState.RollingBack, DeploymentState.Interrupted],
        [DeploymentState.UpdatingRest] = [DeploymentState.Succeeded, DeploymentState.Failed, DeploymentState.Interrupted],
        [DeploymentState.RollingBack] = [DeploymentState.RolledBack, DeploymentState.Failed, DeploymentState.Interrupted],
        // A manual rollback is allowed after a successful switch.
        [DeploymentState.Succeeded] = [DeploymentState.RollingBack],
        [DeploymentState.RolledBack] = [],
        [DeploymentState.Failed] = [DeploymentState.RollingBack, DeploymentState.Resolved],
        [DeploymentState.Aborted] = [],
        [DeploymentState.Interrupted] = [DeploymentState.RollingBack, DeploymentState.Resolved],
        [DeploymentState.Resolved] = [],
    };

    public static IReadOnlyList<DeploymentState> Next(DeploymentState state) => s_next[state];

    public static bool CanMove(DeploymentState from, DeploymentState to) => s_next[from].Contains(to);

    /// <summary>Throws <see cref="InvalidDeploymentTransitionException"/> unless <paramref name="from"/> → <paramref name="to"/> is legal.</summary>
    public static void EnsureCanMove(DeploymentState from, DeploymentState to)
    {
        if (!CanMove(from, to))
        {
            throw new InvalidDeploymentTransitionException(from, to);
        }
    }

    /// <summary>True while the engine works on it (one such deployment per environment at a time).</summary>
    public static bool IsActive(DeploymentState state) => state is not (DeploymentState.Succeeded or DeploymentState.RolledBack
        or DeploymentState.Failed or DeploymentState.Aborted or DeploymentState.Interrupted or DeploymentState.Resolved);

}
