using BlueGreen.Core.Deployment;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Faults;

/// <summary>Fault: the SSH connection of a deploy step drops while the step runs (<see cref="SshdFixture.DropConnections"/>).</summary>
[Collection(HeavyCollection.Name)]
public sealed class SshConnectionFaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task SshConnectionDroppedMidDeployStep_StepFailsIdleStaysInMaintNothingSwitched()
    {
        var token = TestContext.Current.CancellationToken;
        await using var lab = await FaultLab.StartAsync(new() { StepCommand = "echo started {version} on {server}; sleep 4; echo installed" }, token);
        var clients = await lab.StartClientsAsync(500, TimeSpan.FromSeconds(40), token);
        var id = lab.Deploy().Id;
        await WaitForLogAsync(lab, id, "started 2.0.0 on c1");

        lab.Sshd.DropConnections();
        var failed = await lab.WaitForAsync(id, DeploymentState.Failed);
        var states = await lab.AdminStatesAsync(token);
        var totals = await FaultLab.StopClientsAsync(clients, token);
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

    private static async Task WaitForLogAsync(FaultLab lab, string id, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!lab.Store.Logs(id).Any(l => l.Text == text))
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"'{text}' did not appear in the log within 30 s:\n{lab.Log(id)}");
            }
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}
