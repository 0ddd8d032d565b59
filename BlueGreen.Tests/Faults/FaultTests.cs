using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Switching;
using BlueGreen.Tests.Infrastructure;
using BlueGreen.Tests.SampleApp;

namespace BlueGreen.Tests.Faults;

/// <summary>
/// Faults injected into the real parts of a release (<see cref="FaultLab"/>), each by a named helper, while an
/// <see cref="OutsideClient"/> sends 500 requests/s through each front end and counts every failure:
/// <list type="bullet">
/// <item>the admin socket of one of two HAProxy processes disappears mid-switch while both keep serving
/// (<see cref="HaProxyFixture.KillAdminSocket"/>; the fake-load-balancer version is <c>Deployment/LoadBalancerLostTests</c>);</item>
/// <item>the SSH connection of a deploy step drops while the step runs (<see cref="SshdFixture.DropConnections"/>);</item>
/// <item>the live app process is killed (SIGKILL) while the switch drains it (<see cref="SampleAppProcess.Kill"/>);</item>
/// <item>the idle app process hangs (SIGSTOP) while its smoke tests run (<see cref="SampleAppProcess.Hang"/>).</item>
/// </list>
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    // Long requests held open on a1 through the front end, so its drain lasts until the kill.
    private const int Held = 4;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task HaProxyAdminSocketLostMidSwitch_OneOfTwoLoadBalancers_StopsSafeSaysWhereAndServiceKeepsAnswering()
    {
        await using var lab = await FaultLab.StartAsync(new() { LoadBalancers = 2 }, Token);
        var clients = await lab.StartClientsAsync(500, TimeSpan.FromSeconds(50), Token);
        var id = lab.Deploy(approval: true).Id;
        await lab.WaitForAsync(id, DeploymentState.AwaitingApproval);

        lab.Engine.Approve(id, "alice", null);
        // READY goes to lb1, then lb2; then the switch waits for c1 to come UP everywhere: lb2's socket goes now.
        await lab.WaitForServerAsync(1, FaultLab.Green, s => s.Admin == AdminState.Ready, "READY", TimeSpan.FromSeconds(20), Token);
        lab.HaProxies[1].KillAdminSocket();
        var failed = await lab.WaitForAsync(id, DeploymentState.Failed);
        var leftIn = await lab.AdminStatesAsync(Token);

        lab.HaProxies[1].RestoreAdminSocket();
        await lab.Engine.RollbackAsync(id, "alice", Token);
        var rolledBack = await lab.WaitForAsync(id, DeploymentState.RolledBack);
        var after = await lab.AdminStatesAsync(Token);
        var totals = await FaultLab.StopClientsAsync(clients, Token);
        output.WriteLine($"Error: {failed.Error}\nLeft in: {leftIn}\nAfter the rollback: {after}\n{string.Join("\n", totals)}\n{lab.Log(id)}");

        // Where it stopped and what to do.
        Assert.StartsWith($"The switch to Green stopped half-way on lb2: Cannot reach HAProxy's runtime API at '{lab.HaProxies[1].SocketPath}': the socket file does not exist.", failed.Error);
        Assert.Contains("When lb2 is back: Roll back (returns Blue and drains Green), or Mark resolved after checking.", failed.Error);
        Assert.Single(lab.Store.Logs(id), l => l.IsError && l.Text == failed.Error);
        Assert.Equal(StepOutcome.Failed, failed.Steps.Single(s => s.Name == "Switch to Green").Outcome);
        Assert.All(failed.Steps, s => Assert.NotNull(s.Duration));
        // Safe: nothing was drained anywhere; Blue serves on both load balancers beside Green.
        Assert.Equal("lb1 a1=Ready c1=Ready; lb2 a1=Ready c1=Ready", leftIn);
        // Once the socket is back, the rollback returns Blue alone.
        Assert.Equal("lb1 a1=Ready c1=Maint; lb2 a1=Ready c1=Maint", after);
        Assert.NotNull(rolledBack.TimeToRollback);
        // The service answered every request on both front ends, through the fault and the rollback.
        Assert.All(totals, t => Assert.True(t is { Failures: 0, NotSent: 0, InFlight: 0 }, t.ToString()));
        Assert.Contains(totals, t => t.Versions.ContainsKey(FaultLab.NewVersion));
    }

    [Fact]
    public async Task SshConnectionDroppedMidDeployStep_StepFailsIdleStaysInMaintNothingSwitched()
    {
        await using var lab = await FaultLab.StartAsync(new() { StepCommand = "echo started {version} on {server}; sleep 4; echo installed" }, Token);
        var clients = await lab.StartClientsAsync(500, TimeSpan.FromSeconds(40), Token);
        var id = lab.Deploy().Id;
        await WaitForLogAsync(lab, id, "started 2.0.0 on c1");

        lab.Sshd.DropConnections();
        var failed = await lab.WaitForAsync(id, DeploymentState.Failed);
        var states = await lab.AdminStatesAsync(Token);
        var totals = await FaultLab.StopClientsAsync(clients, Token);
        output.WriteLine($"Error: {failed.Error}\nStates: {states}\n{string.Join("\n", totals)}\n{lab.Log(id)}");

        Assert.Contains("Updating site C failed", failed.Error);
        Assert.Contains($"The SSH connection to {lab.Sshd.HostAndPort} was lost", failed.Error);
        Assert.Contains("may have partly run", failed.Error);
        Assert.Equal(StepOutcome.Failed, failed.Steps.Single(s => s.Name == "Update site C").Outcome);
        Assert.DoesNotContain(lab.Store.Logs(id), l => l.Text == "installed");
        // Nothing switched: the idle group never left maintenance, no switch step ran, Blue alone answered.
        Assert.Equal("lb1 a1=Ready c1=Maint", states);
        Assert.DoesNotContain(failed.Steps, s => s.Name.StartsWith("Switch", StringComparison.Ordinal));
        Assert.DoesNotContain(DeploymentState.Switching, failed.Transitions.Select(t => t.To));
        Assert.Null(failed.SwitchedAt);
        var total = Assert.Single(totals);
        Assert.True(total is { Failures: 0, NotSent: 0, InFlight: 0 }, total.ToString());
        Assert.Equal([FaultLab.OldVersion], total.Versions.Keys);
    }

    [Fact]
    public async Task AppProcessKilledWhileDraining_OnlyItsInFlightRequestsFail_CountedBySwitchAudit()
    {
        await using var lab = await FaultLab.StartAsync(new() { DrainTimeout = TimeSpan.FromSeconds(20) }, Token);
        var clients = await lab.StartClientsAsync(500, TimeSpan.FromSeconds(40), Token);
        // Long requests on a1 keep its drain open, so the kill lands while it drains.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var held = Enumerable.Range(0, Held).Select(_ => Outcome(http.GetAsync(lab.HaProxies[0].FrontendUrl + "slow?ms=25000", Token))).ToList();
        await lab.WaitForServerAsync(0, FaultLab.Blue, s => s.CurrentSessions >= Held, $"holding {Held} sessions", TimeSpan.FromSeconds(10), Token);
        var id = lab.Deploy().Id;

        // Draining, with only the held requests left on it (the last quick ones have finished).
        var draining = await lab.WaitForServerAsync(0, FaultLab.Blue, s => s.Admin == AdminState.Drain && s.CurrentSessions == Held,
            $"draining with {Held} sessions", TimeSpan.FromSeconds(20), Token);
        lab.BlueApp.Kill();
        var record = await lab.WaitForAsync(id, DeploymentState.Succeeded);
        var heldOutcomes = await Task.WhenAll(held).WaitAsync(TimeSpan.FromSeconds(30), Token);
        var totals = await FaultLab.StopClientsAsync(clients, Token);
        var audit = Assert.Single(record.SwitchAudits, a => a.Kind == SwitchKind.Switch);
        var failedHeld = heldOutcomes.Count(o => o != "200");
        output.WriteLine($"In flight on a1 at the kill: {draining.CurrentSessions}; held requests: {string.Join(", ", heldOutcomes)}\n"
            + $"Switch audit: {audit}\nStep: {record.Steps.Single(s => s.Name == "Switch to Green").Detail}\n{string.Join("\n", totals)}\n{lab.Log(id)}");

        // Only the requests in flight on the killed process failed; the outside client lost none.
        var total = Assert.Single(totals);
        Assert.True(total is { Failures: 0, NotSent: 0, InFlight: 0 }, total.ToString());
        Assert.Equal(Held, failedHeld);
        // The switch audit counted exactly those, and the drain ended by itself once they were gone.
        Assert.Equal(failedHeld, audit.Lost);
        Assert.Equal(DrainOutcome.Drained, audit.DrainOutcome);
        Assert.Equal($"{failedHeld} failed requests counted by HAProxy", record.Steps.Single(s => s.Name == "Switch to Green").Detail);
        Assert.Equal(failedHeld, record.LostAtSwitch);
        Assert.Equal("lb1 a1=Maint c1=Ready", await lab.AdminStatesAsync(Token));
    }

    [Fact]
    public async Task AppProcessHungOnIdleGroupDuringSmokeTests_SmokeFailsOnItsTimeout_NothingSwitched()
    {
        // A check that takes 1.5 s, so the hang lands inside it; a second attempt meets a process that never answers.
        var check = new SmokeCheckOptions { Name = "slow", Path = "/slow?ms=1500" };
        await using var lab = await FaultLab.StartAsync(new() { SmokeCheck = check, SmokeTimeout = TimeSpan.FromSeconds(3), SmokeAttempts = 2 }, Token);
        var clients = await lab.StartClientsAsync(500, TimeSpan.FromSeconds(40), Token);
        var id = lab.Deploy().Id;
        await lab.WaitForAsync(id, DeploymentState.SmokeTesting);

        DeploymentRecord failed;
        lab.GreenApp.Hang();
        try
        {
            failed = await lab.WaitForAsync(id, DeploymentState.Failed);
        }
        finally
        {
            lab.GreenApp.Resume();
        }
        var states = await lab.AdminStatesAsync(Token);
        var totals = await FaultLab.StopClientsAsync(clients, Token);
        output.WriteLine($"Error: {failed.Error}\nStates: {states}\n{string.Join("\n", totals)}\n{lab.Log(id)}");

        var smoke = Assert.Single(failed.SmokeResults);
        Assert.False(smoke.Passed);
        Assert.Equal((FaultLab.Green, 2), (smoke.Target, smoke.Attempts));
        Assert.Equal("GET /slow?ms=1500 timed out after 3 s", smoke.Problem);
        Assert.Equal(StepOutcome.Failed, failed.Steps.Single(s => s.Name == "Smoke test c1").Outcome);
        Assert.StartsWith("Smoke tests failed on Green; nothing was switched, Blue still serves 1.0.0", failed.Error);
        Assert.Equal("lb1 a1=Ready c1=Maint", states);
        Assert.DoesNotContain(DeploymentState.Switching, failed.Transitions.Select(t => t.To));
        Assert.Null(failed.SwitchedAt);
        var total = Assert.Single(totals);
        Assert.True(total is { Failures: 0, NotSent: 0, InFlight: 0 }, total.ToString());
        Assert.Equal([FaultLab.OldVersion], total.Versions.Keys);
    }

    private static async Task<string> Outcome(Task<HttpResponseMessage> request)
    {
        try
        {
            using var response = await request;
            await response.Content.LoadIntoBufferAsync();
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (HttpRequestException ex)
        {
            return $"{ex.HttpRequestError}";
        }
    }

    private static async Task WaitForLogAsync(FaultLab lab, string id, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!lab.Store.Logs(id).Any(l => l.Text == text))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"'{text}' did not appear in the log within 30 s:\n{lab.Log(id)}");
            }
            await Task.Delay(20, Token);
        }
    }
}
