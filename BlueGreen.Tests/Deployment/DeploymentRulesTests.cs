using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using static BlueGreen.Core.Deployment.DeploymentAction;
using static BlueGreen.Core.Deployment.DeploymentState;

namespace BlueGreen.Tests.Deployment;

/// <summary>Which actions a deployment allows, written out per case: the engine, the API and the pages all read these rules.</summary>
public class DeploymentRulesTests
{
    private static readonly DateTimeOffset s_at = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    private static DeploymentRecord Deployment(DeploymentState state, bool switched = false, DeploymentStrategy strategy = DeploymentStrategy.BlueGreen, string id = "d2") => new()
    {
        Id = id,
        Environment = "prod",
        Version = "2.0.0",
        PreviousVersion = "1.0.0",
        Strategy = strategy,
        State = state,
        FromGroup = SiteGroup.Blue,
        ToGroup = SiteGroup.Green,
        CreatedAt = s_at,
        SwitchedAt = switched ? s_at.AddSeconds(20) : null,
    };

    public static TheoryData<DeploymentState, bool, DeploymentAction[]> Cases() => new()
    {
        { Pending, false, [Abort] },
        { Updating, false, [Abort] },
        { SmokeTesting, false, [Abort] },
        { AwaitingApproval, false, [Approve, Abort] },
        { DeploymentState.Switching, true, [Abort] },
        { Watching, true, [Rollback] },
        { UpdatingRest, true, [] },
        { RollingBack, true, [] },
        { Succeeded, true, [Rollback] },
        { RolledBack, true, [] },
        { Aborted, false, [] },
        // Smoke tests failed: nothing switched, nothing to roll back.
        { Failed, false, [Resolve] },
        // The load balancer was lost mid-switch: traffic may have moved.
        { Failed, true, [Rollback, Resolve] },
        { Interrupted, false, [Resolve] },
        { Interrupted, true, [Rollback, Resolve] },
        { Resolved, true, [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Allowed_LatestSwitchedDeployment_AsTheProcedureSays(DeploymentState state, bool switched, DeploymentAction[] expected)
    {
        var deployment = Deployment(state, switched);

        Assert.Equal(expected, DeploymentRules.Allowed(deployment, latestSwitchedId: switched ? deployment.Id : "d1"));
    }

    [Fact]
    public void Rollback_NotTheLatestSwitched_RefusedNamingTheLatest()
    {
        var older = Deployment(Succeeded, switched: true, id: "d1");

        var refusal = DeploymentRules.Refusal(older, Rollback, latestSwitchedId: "d2");

        Assert.DoesNotContain(Rollback, DeploymentRules.Allowed(older, "d2"));
        Assert.Contains("not the latest deployment that switched on prod (d2 is)", refusal);
        Assert.Contains("Deploy 1.0.0 instead", refusal);
    }

    [Fact]
    public void Rollback_SmokeFailedNeverSwitched_RefusedSayingNothingMoved()
    {
        var refusal = DeploymentRules.Refusal(Deployment(Failed), Rollback, latestSwitchedId: null);

        Assert.Contains("never switched traffic", refusal);
        Assert.Contains("Mark it resolved", refusal);
    }

    [Fact]
    public void Rollback_TwoPhaseSucceeded_RefusedNoGroupOnThePreviousVersion()
    {
        var twoPhase = Deployment(Succeeded, switched: true, strategy: DeploymentStrategy.TwoPhase);

        var refusal = DeploymentRules.Refusal(twoPhase, Rollback, twoPhase.Id);

        Assert.Empty(DeploymentRules.Allowed(twoPhase, twoPhase.Id));
        Assert.Contains("updated both groups", refusal);
        Assert.Contains("Deploy 1.0.0 instead", refusal);
    }

    [Fact]
    public void Rollback_WhileSwitching_SaysAbortInstead()
        => Assert.Contains("abort it now", DeploymentRules.Refusal(Deployment(DeploymentState.Switching, switched: true), Rollback, "d2"));

    [Fact]
    public void HasSwitched_RecordStoredBeforeSwitchedAt_ReadFromItsTransitions()
    {
        var legacy = Deployment(Succeeded) with { Transitions = [new StateChange { From = DeploymentState.Switching, To = Watching, At = s_at }] };

        Assert.True(DeploymentRules.HasSwitched(legacy));
        Assert.False(DeploymentRules.HasSwitched(Deployment(Succeeded)));
    }

    [Theory]
    [InlineData(Approve, "not awaiting approval")]
    [InlineData(Abort, "only a deployment that has not finished its switch can be aborted")]
    [InlineData(Resolve, "only an Interrupted or Failed deployment can be marked resolved")]
    public void Refusal_Succeeded_SaysWhy(DeploymentAction action, string why)
        => Assert.Contains(why, DeploymentRules.Refusal(Deployment(Succeeded, switched: true), action, "d2"));
}
