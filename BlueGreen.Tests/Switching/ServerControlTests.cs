using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Switching;
using BlueGreen.Core.HaProxy;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlueGreen.Tests.Switching;

/// <summary>ServerControl's refusals that come before any load balancer is touched (its HAProxy path is covered by
/// ServerStateApiTests against a real HAProxy). The runtime API points at a closed port, so a call that got as far
/// as HAProxy would fail with a LoadBalancerException instead.</summary>
public class ServerControlTests
{
    private readonly EnvironmentLocks _locks = new();
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
        _control = new ServerControl(new EnvironmentCatalog(options.Value.AllEnvironments()),
            new LoadBalancerRegistry(HaProxyLoadBalancer.Factory(options.Value, NullLoggerFactory.Instance, TimeProvider.System)),
            _locks, NullLogger<ServerControl>.Instance);
    }

    [Theory]
    [InlineData(AdminState.Ready)]
    [InlineData(AdminState.Drain)]
    public async Task SetState_DeploymentRunning_RefusedNamingIt(AdminState state)
    {
        using var claim = _locks.Claim("PROD", new EnvironmentOwner(DeploymentEngine.OwnerKind, "d-42", "deployment d-42 (2.0.0)"), TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<EnvironmentBusyException>(() => _control.SetStateAsync("prod", "a1", state, "tester", TestContext.Current.CancellationToken));

        Assert.Contains("d-42", ex.Message);
        Assert.Contains("abort it", ex.Message);
        Assert.Equal("d-42", ex.Owner?.Id);
    }

    [Fact]
    public async Task SetState_DeploymentOnAnotherEnvironment_GoesOnToTheLoadBalancer()
    {
        using var claim = _locks.Claim("staging", new EnvironmentOwner(DeploymentEngine.OwnerKind, "d-7", "deployment d-7 (2.0.0)"), TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<LoadBalancerException>(() => _control.SetStateAsync("prod", "a1", AdminState.Ready, "tester", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SetState_AfterTheDeploymentEnded_GoesOnToTheLoadBalancer()
    {
        var claim = _locks.Claim("prod", new EnvironmentOwner(DeploymentEngine.OwnerKind, "d-8", "deployment d-8 (2.0.0)"), TimeSpan.FromSeconds(1));
        claim.Dispose();

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
