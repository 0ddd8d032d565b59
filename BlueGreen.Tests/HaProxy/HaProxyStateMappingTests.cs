using BlueGreen.Core.HaProxy;
using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Tests.HaProxy;

/// <summary>The derivation documented on <see cref="HaProxyStateMapping"/>, checked on answers captured from a real
/// HAProxy 2.6 (scenario = Data file pair, server = the server the scenario is about).</summary>
public sealed class HaProxyStateMappingTests
{
    [Theory]
    // Steady states.
    [InlineData("baseline", "s1", AdminState.Ready, OperationalState.Up)]           // UP, L7OK
    [InlineData("baseline", "s2", AdminState.Maint, OperationalState.Down)]         // disabled in cfg: MAINT, admin 5
    [InlineData("baseline", "s3", AdminState.Ready, OperationalState.Down)]         // dead port: DOWN, L4CON
    [InlineData("baseline", "s5", AdminState.Ready, OperationalState.Up)]           // no check, op 2
    [InlineData("baseline", "s6", AdminState.Ready, OperationalState.Up)]           // tracks s1
    [InlineData("maint-and-drain-with-session", "s1", AdminState.Maint, OperationalState.Down)] // set maint: admin 1, op 0
    [InlineData("maint-and-drain-with-session", "s4", AdminState.Drain, OperationalState.Up)]   // DRAIN, admin 8
    [InlineData("maint-and-drain-with-session", "s6", AdminState.Maint, OperationalState.Down)] // MAINT (via app/s1)
    [InlineData("drain-down", "s4", AdminState.Drain, OperationalState.Down)]       // drained and its port died
    // Transitions.
    [InlineData("rising-1", "s3", AdminState.Ready, OperationalState.Starting)]     // DOWN 1/3
    [InlineData("rising-2", "s3", AdminState.Ready, OperationalState.Starting)]     // DOWN 2/3
    [InlineData("falling-1", "s3", AdminState.Ready, OperationalState.Stopping)]    // UP 2/3
    [InlineData("falling-2", "s3", AdminState.Ready, OperationalState.Stopping)]    // UP 1/3
    [InlineData("drain-going-down", "s4", AdminState.Drain, OperationalState.Stopping)] // DRAIN 2/3
    // After "set server ... state ready".
    [InlineData("ready-from-maint-live-1", "s2", AdminState.Ready, OperationalState.Stopping)]    // UP 1/3 before any check
    [InlineData("ready-from-maint-live-up", "s2", AdminState.Ready, OperationalState.Up)]         // first check passed
    [InlineData("ready-from-maint-dead-port", "s1", AdminState.Ready, OperationalState.Stopping)] // UP 1/3 on a dead port
    [InlineData("ready-from-maint-dead-port-down", "s1", AdminState.Ready, OperationalState.Down)]
    [InlineData("ready-after-config-disabled", "s2", AdminState.Ready, OperationalState.Up)]      // admin 4 (CMAINT only)
    public void Derive_CapturedScenario_GivesDocumentedState(string scenario, string server, AdminState admin, OperationalState operational)
    {
        var state = HaProxyServersStateParser.Parse(HaProxyTestData.Servers(scenario)).Single(r => r.ServerName == server);
        var stat = HaProxyStatParser.Parse(HaProxyTestData.Stat(scenario)).Single(r => r.ProxyName == "app" && r.ServiceName == server);

        Assert.Equal(admin, HaProxyStateMapping.ToAdminState(state.AdminFlags));
        Assert.Equal(operational, HaProxyStateMapping.ToOperationalState(stat.Status, state.OpState));
    }

    [Fact]
    public void Derive_CapturedNolb_IsStopping()
    {
        // http-check disable-on-404 answered 404: NOLB, op state 3.
        var state = HaProxyServersStateParser.Parse(HaProxyTestData.Servers("baseline-app404")).Single();
        var stat = HaProxyStatParser.Parse(HaProxyTestData.Stat("baseline")).Single(r => r.ServiceName == "n1");

        Assert.Equal(OperationalState.Stopping, HaProxyStateMapping.ToOperationalState(stat.Status, state.OpState));
        Assert.Equal(OperationalState.Stopping, HaProxyStateMapping.FromOpState(state.OpState));
    }

    [Theory]
    [InlineData(0x00, AdminState.Ready)]
    [InlineData(0x01, AdminState.Maint)] // FMAINT
    [InlineData(0x02, AdminState.Maint)] // IMAINT
    [InlineData(0x04, AdminState.Ready)] // CMAINT alone: a config-disabled server after "state ready"
    [InlineData(0x05, AdminState.Maint)] // FMAINT | CMAINT: config-disabled
    [InlineData(0x08, AdminState.Drain)] // FDRAIN
    [InlineData(0x10, AdminState.Drain)] // IDRAIN
    [InlineData(0x20, AdminState.Maint)] // RMAINT
    [InlineData(0x40, AdminState.Ready)] // HMAINT: FQDN set by CLI, not maintenance
    [InlineData(0x09, AdminState.Maint)] // maintenance wins over drain
    [InlineData(0x0C, AdminState.Drain)]
    public void ToAdminState_Bitfield_MaintBeforeDrainBeforeReady(int bits, AdminState expected)
    {
        Assert.Equal(expected, HaProxyStateMapping.ToAdminState((HaProxyAdminFlags)bits));
    }

    [Theory]
    [InlineData("UP", HaProxyServerOpState.Running, OperationalState.Up)]
    [InlineData("UP 1/2", HaProxyServerOpState.Running, OperationalState.Stopping)]
    [InlineData("DOWN", HaProxyServerOpState.Stopped, OperationalState.Down)]
    [InlineData("DOWN 1/2", HaProxyServerOpState.Stopped, OperationalState.Starting)]
    [InlineData("DOWN (agent)", HaProxyServerOpState.Stopped, OperationalState.Down)]
    [InlineData("DRAIN", HaProxyServerOpState.Running, OperationalState.Up)]
    [InlineData("DRAIN (agent)", HaProxyServerOpState.Running, OperationalState.Up)]
    [InlineData("DRAIN 1/2", HaProxyServerOpState.Running, OperationalState.Stopping)]
    [InlineData("NOLB", HaProxyServerOpState.Stopping, OperationalState.Stopping)]
    [InlineData("NOLB 1/2", HaProxyServerOpState.Stopping, OperationalState.Stopping)]
    [InlineData("MAINT", HaProxyServerOpState.Stopped, OperationalState.Down)]
    [InlineData("MAINT (via app/s1)", HaProxyServerOpState.Stopped, OperationalState.Down)]
    [InlineData("MAINT (resolution)", HaProxyServerOpState.Stopped, OperationalState.Down)]
    [InlineData("no check", HaProxyServerOpState.Running, OperationalState.Up)]
    [InlineData("no check", HaProxyServerOpState.Starting, OperationalState.Up)]
    [InlineData("no check", HaProxyServerOpState.Stopped, OperationalState.Down)]
    [InlineData("something new", HaProxyServerOpState.Running, OperationalState.Up)]
    [InlineData("", HaProxyServerOpState.Stopping, OperationalState.Stopping)]
    public void ToOperationalState_StatusText_DerivesState(string status, HaProxyServerOpState opState, OperationalState expected)
    {
        Assert.Equal(expected, HaProxyStateMapping.ToOperationalState(status, opState));
    }

    [Fact]
    public void ToOperationalState_NoStatusAndNoOpState_IsDown()
    {
        Assert.Equal(OperationalState.Down, HaProxyStateMapping.ToOperationalState("", null));
    }
}
