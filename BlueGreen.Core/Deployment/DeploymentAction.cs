namespace BlueGreen.Core.Deployment;

/// <summary>What an operator can do with a deployment. Which ones a deployment allows is decided by <see cref="DeploymentRules"/> only.</summary>
public enum DeploymentAction
{
    /// <summary>Promote a deployment waiting for approval: the switch goes ahead.</summary>
    Approve,
    /// <summary>Stop a deployment before it switched (or while it drains): the live group stays as it was.</summary>
    Abort,
    /// <summary>Return traffic to the previous group (the environment's latest deployment that switched).</summary>
    Rollback,
    /// <summary>Close a failed or interrupted deployment after checking the servers.</summary>
    Resolve,
}
