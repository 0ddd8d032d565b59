using BlueGreen.Core.Deployment;

namespace BlueGreen.Tests.Deployment;

public class DeploymentStateMachineTests
{
    public static TheoryData<DeploymentState, DeploymentState> Legal()
    {
        var data = new TheoryData<DeploymentState, DeploymentState>();
        foreach (var from in Enum.GetValues<DeploymentState>())
        {
            foreach (var to in DeploymentStateMachine.Next(from))
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Legal))]
    public void EnsureCanMove_LegalTransition_DoesNotThrow(DeploymentState from, DeploymentState to)
        => DeploymentStateMachine.EnsureCanMove(from, to);

    [Fact]
    public void EnsureCanMove_EveryIllegalTransition_Throws()
    {
        var illegal = 0;
        foreach (var from in Enum.GetValues<DeploymentState>())
        {
            foreach (var to in Enum.GetValues<DeploymentState>().Except(DeploymentStateMachine.Next(from)))
            {
                var error = Assert.Throws<InvalidDeploymentTransitionException>(() => DeploymentStateMachine.EnsureCanMove(from, to));
                Assert.Contains($"state {from} cannot move to {to}", error.Message);
                illegal++;
            }
        }
        Assert.True(illegal > 150);
    }

    [Theory]
    [InlineData(DeploymentState.AwaitingApproval, DeploymentState.Succeeded)]
    [InlineData(DeploymentState.Pending, DeploymentState.Switching)]
    [InlineData(DeploymentState.Aborted, DeploymentState.RollingBack)]
    [InlineData(DeploymentState.RolledBack, DeploymentState.Switching)]
    public void EnsureCanMove_SkippingSafetySteps_Throws(DeploymentState from, DeploymentState to)
        => Assert.Throws<InvalidDeploymentTransitionException>(() => DeploymentStateMachine.EnsureCanMove(from, to));

    [Fact]
    public void Message_FinalState_SaysItIsFinal()
        => Assert.Contains("nothing (it is final)", new InvalidDeploymentTransitionException(DeploymentState.Aborted, DeploymentState.Pending).Message);

    [Fact]
    public void IsActive_OnlyNonFinalStates()
    {
        Assert.True(DeploymentStateMachine.IsActive(DeploymentState.Switching));
        Assert.False(DeploymentStateMachine.IsActive(DeploymentState.Interrupted));
        Assert.False(DeploymentStateMachine.IsActive(DeploymentState.Succeeded));
    }
}
