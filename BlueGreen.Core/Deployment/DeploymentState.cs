namespace BlueGreen.Core.Deployment;

/// <summary>Where a deployment is. Transitions are checked by <see cref="DeploymentStateMachine"/>.</summary>
public enum DeploymentState
{
    /// <summary>Accepted, not started.</summary>
    Pending,
    /// <summary>Taking the idle group out of service (maint) so it can be updated.</summary>
    PreparingIdle,
    /// <summary>Running the deploy steps on the idle group's servers.</summary>
    Updating,
    /// <summary>Smoke-testing the updated servers directly.</summary>
    SmokeTesting,
    /// <summary>Waiting for an operator to promote or abort.</summary>
    AwaitingApproval,
    /// <summary>Switching traffic to the updated group on every load balancer.</summary>
    Switching,
    /// <summary>Watching error counters and front-end smoke checks after the switch.</summary>
    Watching,
    /// <summary>TwoPhase: updating the other group and returning it to service.</summary>
    UpdatingRest,
    /// <summary>Switching traffic back to the previous group.</summary>
    RollingBack,
    /// <summary>Done: the new version is live.</summary>
    Succeeded,
    /// <summary>Done: the previous version is live again after a rollback.</summary>
    RolledBack,
    /// <summary>Done: stopped before any switch (e.g. smoke tests failed); the live group never changed.</summary>
    Failed,
    /// <summary>Done: an operator aborted before the switch.</summary>
    Aborted,
    /// <summary>The dashboard stopped while this deployment ran; the real state must be checked by an operator.</summary>
    Interrupted,
    /// <summary>An interrupted or partly failed deployment that an operator marked resolved.</summary>
    Resolved,
}
