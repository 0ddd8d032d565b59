using System.Net;
using BlueGreen.Core;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;
using BlueGreen.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Status;

public sealed class EnvironmentStatusPollerTests
{
    private static (EnvironmentStatusPoller Poller, EnvironmentStatusStore Store, LoadBalancerRegistry Registry) Create()
    {
        var environment = FourSites();
        var registry = new LoadBalancerRegistry(lb => throw new InvalidOperationException($"{lb.Name} was not registered"));
        var store = new EnvironmentStatusStore(TimeProvider.System);
        // Servers answer no version: the poll does not wait on the network.
        var probe = new ServerVersionProbe(new HttpClient(new NotFoundHandler()));
        var poller = new EnvironmentStatusPoller(new EnvironmentCatalog([environment]), registry, store, probe,
            Options.Create(new BlueGreenOptions()), TimeProvider.System, NullLogger<EnvironmentStatusPoller>.Instance);
        return (poller, store, registry);
    }

    [Fact]
    public async Task PollOnceAsync_RegisteredWithAStatsPage_StatusCarriesItsUrl()
    {
        var (poller, store, registry) = Create();
        registry.Register("prod", "lb1", new FakeLoadBalancer(("a1", AdminState.Ready), ("b1", AdminState.Ready), ("c1", AdminState.Maint), ("d1", AdminState.Maint)),
            "HAProxy", "http://127.0.0.1:18080/haproxy-stats");

        await poller.PollOnceAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        var lb = Assert.Single(store.Get("prod")!.LoadBalancers);
        Assert.Equal(("HAProxy", "http://127.0.0.1:18080/haproxy-stats", LiveGroup.Blue), (lb.Kind, lb.StatsUrl, lb.LiveGroup));
    }

    [Fact]
    public async Task PollOnceAsync_RegisteredWithoutStatsPage_NoUrl()
    {
        var (poller, store, registry) = Create();
        registry.Register("prod", "lb1", new FakeLoadBalancer(("a1", AdminState.Ready)), "Embedded proxy");

        await poller.PollOnceAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Null(Assert.Single(store.Get("prod")!.LoadBalancers).StatsUrl);
    }

    private sealed class NotFoundHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
    }
}
