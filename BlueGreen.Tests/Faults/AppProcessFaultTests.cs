using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Switching;
using BlueGreen.Tests.Infrastructure;
using BlueGreen.Tests.SampleApp;

namespace BlueGreen.Tests.Faults;

/// <summary>Faults of the app processes themselves: killed (SIGKILL) while the switch drains it, hung (SIGSTOP) while
/// its smoke tests run (<see cref="SampleAppProcess.Kill"/>, <see cref="SampleAppProcess.Hang"/>).</summary>
[Collection(HeavyCollection.Name)]
public sealed class AppProcessFaultTests(ITestOutputHelper output)
{
    private const int Held = 4;

    [Fact]
    public async Task AppProcessKilledWhileDraining_OnlyItsInFlightRequestsFail_CountedBySwitchAudit()
    {
        var token = TestContext.Current.CancellationToken;
        await using var lab = await FaultLab.StartAsync(new() { DrainTimeout = TimeSpan.FromSeconds(20) }, token);
        var clients = await lab.StartClientsAsync(500, TimeSpan.FromSeconds(40), token);
        // Long requests on a1 keep its drain open, so the kill lands while it drains.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var held = Enumerable.Range(0, Held).Select(_ => Outcome(http.GetAsync(lab.HaProxies[0].FrontendUrl + "slow?ms=25000", token))).ToList();
        await lab.WaitForServerAsync(0, FaultLab.Blue, s => s.CurrentSessions >= Held, $"holding {Held} sessions", TimeSpan.FromSeconds(10), token);
        var id = lab.Deploy().Id;

        // Draining, with only the held requests left on it (the last quick ones have finished).
        var draining = await lab.WaitForServerAsync(0, FaultLab.Blue, s => s.Admin == AdminState.Drain && s.CurrentSessions == Held,
            $"draining with {Held} sessions", TimeSpan.FromSeconds(20), token);
        lab.BlueApp.Kill();
        var record = await lab.WaitForAsync(id, DeploymentState.Succeeded);
        var heldOutcomes = await Task.WhenAll(held).WaitAsync(TimeSpan.FromSeconds(30), token);
        var totals = await FaultLab.StopClientsAsync(clients, token);
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
        Assert.Equal("lb1 a1=Maint c1=Ready", await lab.AdminStatesAsync(token));
    }

    [Fact]
    public async Task AppProcessHungOnIdleGroupDuringSmokeTests_SmokeFailsOnItsTimeout_NothingSwitched()
    {
        var token = TestContext.Current.CancellationToken;
        // A check that takes 1.5 s, so the hang lands inside it; a second attempt meets a process that never answers.
        var check = new SmokeCheckOptions { Name = "slow", Path = "/slow?ms=1500" };
        await using var lab = await FaultLab.StartAsync(new() { SmokeCheck = check, SmokeTimeout = TimeSpan.FromSeconds(3), SmokeAttempts = 2 }, token);
        var clients = await lab.StartClientsAsync(500, TimeSpan.FromSeconds(40), token);
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
        var states = await lab.AdminStatesAsync(token);
        var totals = await FaultLab.StopClientsAsync(clients, token);
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
}
