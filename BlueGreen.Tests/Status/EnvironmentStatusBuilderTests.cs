using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Status;

public class EnvironmentStatusBuilderTests
{
    private static EnvironmentStatus Build(params LoadBalancerStatus[] loadBalancers)
        => EnvironmentStatusBuilder.Build(FourSites(loadBalancers.Length), loadBalancers, Versions, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Build_BlueReady_BlueLive()
    {
        var status = Build(Reachable("lb1", Read("a1", "b1")));

        Assert.Equal(LiveGroup.Blue, status.LiveGroup);
        Assert.Equal(GroupLiveness.Live, status.Groups.Single(g => g.Group == SiteGroup.Blue).Liveness);
        Assert.Equal(GroupLiveness.Idle, status.Groups.Single(g => g.Group == SiteGroup.Green).Liveness);
        Assert.Equal(["1.0.0"], status.Groups.Single(g => g.Group == SiteGroup.Blue).Versions);
    }

    [Fact]
    public void Build_GreenReady_GreenLive() => Assert.Equal(LiveGroup.Green, Build(Reachable("lb1", Read("c1", "d1"))).LiveGroup);

    [Fact]
    public void Build_OneOfEachReady_Both()
    {
        var status = Build(Reachable("lb1", Read("a1", "c1")));

        Assert.Equal(LiveGroup.Both, status.LiveGroup);
        Assert.Equal(GroupLiveness.PartlyLive, status.Groups.Single(g => g.Group == SiteGroup.Blue).Liveness);
    }

    [Fact]
    public void Build_AllMaint_None() => Assert.Equal(LiveGroup.None, Build(Reachable("lb1", Read())).LiveGroup);

    [Fact]
    public void Build_ReadyButDown_NotLive()
    {
        var read = Read("a1", "b1") with
        {
            Servers = [Server("a1", AdminState.Ready, OperationalState.Down), Server("b1", AdminState.Ready, OperationalState.Stopping)],
        };

        Assert.Equal(LiveGroup.None, Build(Reachable("lb1", read)).LiveGroup);
    }

    [Fact]
    public void Build_DrainingBlueReadyGreen_Green()
        => Assert.Equal(LiveGroup.Green, Build(Reachable("lb1", Read("c1", "d1") with
        {
            Servers = [Server("a1", AdminState.Drain), Server("b1", AdminState.Drain), Server("c1", AdminState.Ready), Server("d1", AdminState.Ready)],
        })).LiveGroup);

    [Fact]
    public void Build_LoadBalancersDisagree_Split()
        => Assert.Equal(LiveGroup.Split, Build(Reachable("lb1", Read("a1", "b1")), Reachable("lb2", Read("c1", "d1"))).LiveGroup);

    [Fact]
    public void Build_LoadBalancersAgree_ThatGroup()
        => Assert.Equal(LiveGroup.Blue, Build(Reachable("lb1", Read("a1", "b1")), Reachable("lb2", Read("a1"))).LiveGroup);

    [Fact]
    public void Build_UnreachableLoadBalancer_IgnoredForLiveGroupButKeptAsLastKnown()
    {
        var status = Build(Reachable("lb1", Read("a1", "b1")), Unreachable("lb2", Read("c1", "d1")));

        Assert.Equal(LiveGroup.Blue, status.LiveGroup);
        Assert.Equal(LiveGroup.Unknown, status.LoadBalancers[1].LiveGroup);
        Assert.True(status.LoadBalancers[1].IsStale);
    }

    [Fact]
    public void Build_OnlyLoadBalancerUnreachable_UnknownWithGreyedLastKnownStates()
    {
        var status = Build(Unreachable("lb1", Read("a1", "b1")));

        Assert.Equal(LiveGroup.Unknown, status.LiveGroup);
        var a1 = status.Servers.Single(s => s.Name == "a1");
        Assert.Null(a1.Primary);
        Assert.Equal(AdminState.Ready, a1.LastKnown?.Admin);
        Assert.All(status.Groups, g => Assert.Equal(GroupLiveness.Idle, g.Liveness));
    }

    [Fact]
    public void Build_VersionsPerServer_Kept()
    {
        var status = Build(Reachable("lb1", Read("a1", "b1")));

        Assert.Equal("2.0.0", status.Servers.Single(s => s.Name == "c1").Version);
        Assert.Null(status.Servers.Single(s => s.Name == "d1").Version);
    }
}
