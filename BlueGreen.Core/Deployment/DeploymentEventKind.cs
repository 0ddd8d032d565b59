namespace BlueGreen.Core.Deployment;

/// <summary>Milestones of a deployment. Load tests draw them as phase markers.</summary>
public enum DeploymentEventKind
{
    Started,
    IdleDrained,
    UpdateDone,
    SmokePassed,
    SmokeFailed,
    AwaitingApproval,
    Switched,
    RollbackStarted,
    RollbackFinished,
    Finished,
    /// <summary>An operator's rollback was refused (the message says why); the deployment's state did not change.</summary>
    RollbackRefused,
}
