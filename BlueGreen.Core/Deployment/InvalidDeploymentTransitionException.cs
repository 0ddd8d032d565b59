namespace BlueGreen.Core.Deployment;

/// <summary>An illegal move of a deployment's state, e.g. promoting one that is not awaiting approval.</summary>
public sealed class InvalidDeploymentTransitionException(DeploymentState from, DeploymentState to)
    : InvalidOperationException($"A deployment in state {from} cannot move to {to}. Allowed from {from}: {Allowed(from)}.")
{
    public DeploymentState From { get; } = from;
    public DeploymentState To { get; } = to;

    private static string Allowed(DeploymentState from)
        => DeploymentStateMachine.Next(from) is { Count: > 0 } next ? string.Join(", ", next) : "nothing (it is final)";
}
