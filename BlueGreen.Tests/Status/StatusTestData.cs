using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;

namespace BlueGreen.Tests.Status;

/// <summary>Builders for status tests: a four-site environment like paper 002 and load-balancer reads of it.</summary>
internal static class StatusTestData
{
    public static EnvironmentOptions FourSites(int loadBalancers = 1) => new()
    {
        Name = "prod",
        LoadBalancers = Enumerable.Range(1, loadBalancers)
            .Select(i => new LoadBalancerOptions { Name = $"lb{i}", RuntimeApi = $"/run/lb{i}.sock", Backend = "app", FrontendUrl = $"http://10.0.0.{i}/" })
            .ToList(),
        Sites =
        [
            Site("A", "Blue", "a1"),
            Site("B", "Blue", "b1"),
            Site("C", "Green", "c1"),
            Site("D", "Green", "d1"),
        ],
    };

    private static SiteOptions Site(string name, string group, string server)
        => new() { Name = name, Group = group, Servers = [new ServerOptions { Name = server, Address = $"10.0.1.{name[0]}:8080" }] };

    public static ServerState Server(string name, AdminState admin, OperationalState operational = OperationalState.Up)
        => new() { Name = name, Admin = admin, Operational = operational };

    /// <summary>A read where the named servers are READY/UP and the rest MAINT.</summary>
    public static LoadBalancerState Read(params string[] ready)
        => new()
        {
            Backend = "app",
            ReadAt = DateTimeOffset.UnixEpoch,
            Servers = new[] { "a1", "b1", "c1", "d1" }
                .Select(s => Server(s, ready.Contains(s) ? AdminState.Ready : AdminState.Maint, ready.Contains(s) ? OperationalState.Up : OperationalState.Down))
                .ToList(),
        };

    public static LoadBalancerStatus Reachable(string name, LoadBalancerState state)
        => new() { Name = name, Address = $"/run/{name}.sock", Kind = "HAProxy", Reachable = true, State = state, LastSuccessAt = state.ReadAt };

    public static LoadBalancerStatus Unreachable(string name, LoadBalancerState? lastKnown)
        => new() { Name = name, Address = $"/run/{name}.sock", Kind = "HAProxy", Reachable = false, LastError = "connection refused", State = lastKnown };

    public static readonly IReadOnlyDictionary<string, string?> Versions = new Dictionary<string, string?>
    {
        ["a1"] = "1.0.0",
        ["b1"] = "1.0.0",
        ["c1"] = "2.0.0",
        ["d1"] = null,
    };
}
