using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting;

namespace BlueGreen.Tests.LoadTesting;

/// <summary>Specs for shape tests (JSON, LiteDB).</summary>
internal static class TestSpecs
{
    /// <summary>Every field away from its default (a server target, so no load balancer; a duration, so no count).</summary>
    public static LoadTestSpec Every { get; } = new()
    {
        Environment = "test",
        Target = LoadTestTarget.Server,
        Server = "a1",
        Path = "/x?y=1",
        RatePerClient = 150.5,
        Clients = 2,
        Duration = TimeSpan.FromSeconds(90),
        RampUp = TimeSpan.FromSeconds(10),
        WarmUp = TimeSpan.FromSeconds(5),
        Timeout = TimeSpan.FromSeconds(2.5),
        KeepAlive = false,
        Method = "HEAD",
        DeployAt = TimeSpan.FromSeconds(30),
        DeployVersion = "2.0.0",
        DeployStrategy = DeploymentStrategy.TwoPhase,
    };
}
