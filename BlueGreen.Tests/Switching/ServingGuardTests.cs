using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Switching;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Switching;

public class ServingGuardTests
{
    [Fact]
    public void EnsureStillServing_OtherGroupUp_Passes()
        => ServingGuard.EnsureStillServing("lb", Read("a1", "b1", "c1", "d1"), ["a1", "b1"], trafficMoved: false);

    [Fact]
    public void EnsureStillServing_RemovingTheLastServers_Throws()
    {
        var error = Assert.Throws<SwitchException>(() => ServingGuard.EnsureStillServing("lb", Read("a1", "b1"), ["a1", "b1"], trafficMoved: false));

        Assert.Contains("would cause an outage", error.Message);
    }

    [Fact]
    public void EnsureStillServing_IncomingReadyButDown_Throws()
    {
        var state = Read("a1") with
        {
            Servers = [Server("a1", AdminState.Ready), Server("c1", AdminState.Ready, OperationalState.Down)],
        };

        Assert.Throws<SwitchException>(() => ServingGuard.EnsureStillServing("lb", state, ["a1"], trafficMoved: false));
    }

    [Fact]
    public void RemainingServers_ExcludesDrainAndMaint()
        => Assert.Equal(["c1"], ServingGuard.RemainingServers(Read("a1", "c1"), ["a1"]));
}
