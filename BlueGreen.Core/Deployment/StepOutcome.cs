namespace BlueGreen.Core.Deployment;

public enum StepOutcome
{
    Running,
    Succeeded,
    Failed,
    Skipped,
}
