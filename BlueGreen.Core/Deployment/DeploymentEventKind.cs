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
}
