using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Switching;
using BlueGreen.Tests.Fakes;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlueGreen.Tests.LoadBalancing;

/// <summary>ServerControl's refusals that come before any load balancer is touched (its HAProxy path is covered by
/// ServerStateApiTests against a real HAProxy). The runtime API points at a closed port, so a call that got as far
/// as HAProxy would fail with a LoadBalancerException instead.</summary>
public class ServerControlTests
{
    private readonly FakeRunningDeployments _running = new();
    private readonly ServerControl _control;

    public ServerControlTests()
    {
        var options = Options.Create(new BlueGreenOptions
        {
            Lab = { Enabled = false },
            Environments =
            [
                new EnvironmentOptions
                {
                    Name = "prod",
                    LoadBalancers = [new LoadBalancerOptions { Name = "lb1", RuntimeApi = $"tcp://127.0.0.1:{Integration.FreePort()}", Backend = "app", FrontendUrl = "http://127.0.0.1:1/" }],
                    Sites =
                    [
                        new SiteOptions { Name = "A", Group = "Blue", Servers = [new ServerOptions { Name = "a1", Address = "127.0.0.1:1" }] },
                        new SiteOptions { Name = "C", Group = "Green", Servers = [new ServerOptions { Name = "c1", Address = "127.0.0.1:2" }] },
                    ],
                },
            ],
        });
        _control = new ServerControl(new EnvironmentCatalog(options), new LoadBalancerRegistry(options, NullLoggerFactory.Instance, TimeProvider.System),
            _running, NullLogger<ServerControl>.Instance);
    }

    [Theory]
    [InlineData(AdminState.Ready)]
    [InlineData(AdminState.Drain)]
    public async Task SetState_DeploymentRunning_RefusedNamingIt(AdminState state)
    {
        _running.Current = new DeploymentRecord { Id = "d-42", Environment = "PROD", Version = "2.0.0" };

        var ex = await Assert.ThrowsAsync<SwitchException>(() => _control.SetStateAsync("prod", "a1", state, "tester", TestContext.Current.CancellationToken));

        Assert.Contains("d-42", ex.Message);
        Assert.Contains("abort it", ex.Message);
        Assert.False(ex.TrafficMoved);
    }

    [Fact]
    public async Task SetState_DeploymentOnAnotherEnvironment_GoesOnToTheLoadBalancer()
    {
        _running.Current = new DeploymentRecord { Id = "d-7", Environment = "staging", Version = "2.0.0" };

        await Assert.ThrowsAnyAsync<LoadBalancerException>(() => _control.SetStateAsync("prod", "a1", AdminState.Ready, "tester", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SetState_UnknownServer_ListsTheServers()
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => _control.SetStateAsync("prod", "b9", AdminState.Drain, "tester", TestContext.Current.CancellationToken));

        Assert.Equal("server", ex.ParamName);
        Assert.Contains("a1, c1", ex.Message);
    }
}
