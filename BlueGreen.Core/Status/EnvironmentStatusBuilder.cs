using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.Status;

/// <summary>Builds an <see cref="EnvironmentStatus"/> from one round of reads. Pure, so tests can feed it.</summary>
public static class EnvironmentStatusBuilder
{
    public static EnvironmentStatus Build(
        EnvironmentOptions environment,
        IReadOnlyList<LoadBalancerStatus> loadBalancers,
        IReadOnlyDictionary<string, string?> versionOfServer,
        DateTimeOffset now,
        string? notice = null)
    {
        var groupOfServer = environment.Sites
            .SelectMany(site => site.Servers.Select(server => (server.Name, site.ParsedGroup)))
            .ToDictionary(x => x.Name, x => x.ParsedGroup, StringComparer.Ordinal);

        // Only reachable load balancers count: a stale read must not be presented as current.
        var current = loadBalancers
            .Select(lb => lb.Reachable && lb.State is not null
                ? lb with { LiveGroup = LiveGroupCalculator.ForLoadBalancer(lb.State, groupOfServer) }
                : lb with { LiveGroup = LiveGroup.Unknown })
            .ToList();

        var sites = environment.Sites.Select(site => new SiteStatus
        {
            Name = site.Name,
            Group = site.ParsedGroup,
            Servers = site.Servers.Select(server => new ServerStatus
            {
                Name = server.Name,
                Address = server.Address,
                Site = site.Name,
                Group = site.ParsedGroup,
                Version = versionOfServer.GetValueOrDefault(server.Name),
                ByLoadBalancer = StatesOf(server.Name, current),
                LastKnown = current.Where(lb => lb.IsStale).Select(lb => lb.State!.Servers.FirstOrDefault(s => s.Name == server.Name)).FirstOrDefault(s => s is not null),
            }).ToList(),
        }).ToList();

        var servers = sites.SelectMany(s => s.Servers).ToList();
        var groups = Enum.GetValues<SiteGroup>().Select(group => new GroupStatus
        {
            Group = group,
            Liveness = LiveGroupCalculator.Liveness(servers, group),
            Versions = servers.Where(s => s.Group == group && s.Version is not null).Select(s => s.Version!).Distinct().Order().ToList(),
        }).ToList();

        return new EnvironmentStatus
        {
            Name = environment.Name,
            Description = environment.Description,
            LiveGroup = LiveGroupCalculator.Combine(current.Select(lb => lb.LiveGroup)),
            Groups = groups,
            Sites = sites,
            LoadBalancers = current,
            FrontEnds = [.. environment.LoadBalancers.Select(lb => new FrontEnd(lb.Name, lb.FrontendUrl))],
            UpdatedAt = now,
            Notice = notice,
        };
    }

    private static Dictionary<string, ServerState> StatesOf(string server, IEnumerable<LoadBalancerStatus> loadBalancers)
    {
        var states = new Dictionary<string, ServerState>(StringComparer.Ordinal);
        foreach (var lb in loadBalancers)
        {
            if (lb.Reachable && lb.State?.Servers.FirstOrDefault(s => s.Name == server) is { } state)
            {
                states[lb.Name] = state;
            }
        }
        return states;
    }
}
