using BlueGreen.Core.Deployment;
using static BlueGreen.Core.Deployment.DeploymentState;

namespace BlueGreen.Tests.Deployment;

/// <summary>
/// The state machine against a table written here by hand from the procedure (docs/deployments.md), not read from
/// the machine itself: every pair listed is legal, every pair not listed is refused.
/// </summary>
public class DeploymentStateMachineTests
{
    private static readonly (DeploymentState From, DeploymentState To)[] s_legal =
    [
        (Pending, PreparingIdle), (Pending, Aborted), (Pending, Failed), (Pending, Interrupted),
        (PreparingIdle, Updating), (PreparingIdle, Failed), (PreparingIdle, Aborted), (PreparingIdle, Interrupted),
        (Updating, SmokeTesting), (Updating, Failed), (Updating, Aborted), (Updating, Interrupted),
        (SmokeTesting, AwaitingApproval), (SmokeTesting, DeploymentState.Switching), (SmokeTesting, Failed), (SmokeTesting, Aborted), (SmokeTesting, Interrupted),
        (AwaitingApproval, DeploymentState.Switching), (AwaitingApproval, Aborted), (AwaitingApproval, Interrupted),
        // Aborted from Switching: an operator stopped the switch and the outgoing servers took traffic again.
        (DeploymentState.Switching, Watching), (DeploymentState.Switching, RollingBack), (DeploymentState.Switching, Failed), (DeploymentState.Switching, Aborted), (DeploymentState.Switching, Interrupted),
        (Watching, Succeeded), (Watching, UpdatingRest), (Watching, RollingBack), (Watching, Interrupted),
        (UpdatingRest, Succeeded), (UpdatingRest, Failed), (UpdatingRest, Interrupted),
        (RollingBack, RolledBack), (RollingBack, Failed), (RollingBack, Interrupted),
        // An operator's rollback of a switched deployment that ended.
        (Succeeded, RollingBack), (Failed, RollingBack), (Interrupted, RollingBack),
        // An operator closes what needs a person.
        (Failed, Resolved), (Interrupted, Resolved),
    ];

    public static TheoryData<DeploymentState, DeploymentState> Legal()
    {
        var data = new TheoryData<DeploymentState, DeploymentState>();
        foreach (var (from, to) in s_legal)
        {
            data.Add(from, to);
        }
        return data;
    }

    public static TheoryData<DeploymentState, DeploymentState> Illegal()
    {
        var data = new TheoryData<DeploymentState, DeploymentState>();
        foreach (var from in Enum.GetValues<DeploymentState>())
        {
            foreach (var to in Enum.GetValues<DeploymentState>().Where(to => !s_legal.Contains((from, to))))
            {
                data.Add(from, to);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Legal))]
    public void EnsureCanMove_LegalTransition_DoesNotThrow(DeploymentState from, DeploymentState to)
    {
        DeploymentStateMachine.EnsureCanMove(from, to);
        Assert.True(DeploymentStateMachine.CanMove(from, to));
    }

    [Theory]
    [MemberData(nameof(Illegal))]
    public void EnsureCanMove_IllegalTransition_ThrowsNamingBoth(DeploymentState from, DeploymentState to)
    {
        var error = Assert.Throws<InvalidDeploymentTransitionException>(() => DeploymentStateMachine.EnsureCanMove(from, to));

        Assert.Contains($"state {from} cannot move to {to}", error.Message);
        Assert.False(DeploymentStateMachine.CanMove(from, to));
    }

    [Theory]
    [InlineData(AwaitingApproval, Succeeded)]
    [InlineData(Pending, DeploymentState.Switching)]
    [InlineData(Aborted, RollingBack)]
    [InlineData(RolledBack, DeploymentState.Switching)]
    [InlineData(Succeeded, Resolved)]
    public void EnsureCanMove_SkippingSafetySteps_Throws(DeploymentState from, DeploymentState to)
        => Assert.Throws<InvalidDeploymentTransitionException>(() => DeploymentStateMachine.EnsureCanMove(from, to));

    [Fact]
    public void Message_FinalState_SaysItIsFinal()
        => Assert.Contains("nothing (it is final)", new InvalidDeploymentTransitionException(Aborted, Pending).Message);

    [Theory]
    [InlineData(Pending, true)]
    [InlineData(DeploymentState.Switching, true)]
    [InlineData(AwaitingApproval, true)]
    [InlineData(RollingBack, true)]
    [InlineData(Succeeded, false)]
    [InlineData(RolledBack, false)]
    [InlineData(Failed, false)]
    [InlineData(Aborted, false)]
    [InlineData(Interrupted, false)]
    [InlineData(Resolved, false)]
    public void IsActive_OnlyWhileTheEngineWorksOnIt(DeploymentState state, bool active)
        => Assert.Equal(active, DeploymentStateMachine.IsActive(state));
}
