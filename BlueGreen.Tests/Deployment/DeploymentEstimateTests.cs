using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;

namespace BlueGreen.Tests.Deployment;

public class DeploymentEstimateTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static DeploymentRecord Done(string id, int minutesAgo, int seconds, DeploymentState state = DeploymentState.Succeeded,
        string environment = "prod", DeploymentStrategy strategy = DeploymentStrategy.BlueGreen, bool approval = false) => new()
    {
        Id = id,
        Environment = environment,
        Strategy = strategy,
        State = state,
        RequireApproval = approval,
        CreatedAt = s_t0.AddMinutes(-minutesAgo),
        FinishedAt = s_t0.AddMinutes(-minutesAgo).AddSeconds(seconds),
    };

    private static readonly DeploymentRecord s_current = new() { Id = "now", Environment = "prod", Strategy = DeploymentStrategy.BlueGreen, CreatedAt = s_t0 };

    [Fact]
    public void Typical_NoHistory_Null()
    {
        Assert.Null(DeploymentEstimate.Typical(s_current, []));
    }

    [Fact]
    public void Typical_MedianOfTheLastFiveComparable()
    {
        DeploymentRecord[] history =
        [
            Done("old", 600, 999),                                   // sixth most recent: left out
            Done("a", 50, 10), Done("b", 40, 30), Done("c", 30, 20), Done("d", 20, 40), Done("e", 10, 25),
            Done("failed", 5, 1, DeploymentState.Failed),
            Done("other-env", 5, 1, environment: "staging"),
            Done("two-phase", 5, 1, strategy: DeploymentStrategy.TwoPhase),
            Done("approved", 5, 3600, approval: true),
        ];

        Assert.Equal(TimeSpan.FromSeconds(25), DeploymentEstimate.Typical(s_current, history));
    }

    [Fact]
    public void Typical_EvenCount_LowerMiddle()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), DeploymentEstimate.Typical(s_current, [Done("a", 2, 10), Done("b", 1, 30)]));
    }
}
