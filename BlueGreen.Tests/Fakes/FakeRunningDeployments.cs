using BlueGreen.Core.Deployment;

namespace BlueGreen.Tests.Fakes;

/// <summary>The engine's "is a deployment running here?" answer, set by the test.</summary>
public sealed class FakeRunningDeployments : IRunningDeployments
{
    public DeploymentRecord? Current { get; set; }

    public DeploymentRecord? Running(string environment)
        => Current is { } record && string.Equals(record.Environment, environment, StringComparison.OrdinalIgnoreCase) ? record : null;
}
