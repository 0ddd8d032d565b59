using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.Status;

/// <summary>One app server: what it serves and what each load balancer thinks of it.</summary>
public sealed record ServerStatus
{
    public required string Name { get; init; }
    public required string Address { get; init; }
    public required string Site { get; init; }
    public required SiteGroup Group { get; init; }
    /// <summary>Version the server reports, or null when it could not be asked.</summary>
    public string? Version { get; init; }
    /// <summary>The server's state per load balancer name; missing when that load balancer could not be read
    /// or has no such server.</summary>
    public required IReadOnlyDictionary<string, ServerState> ByLoadBalancer { get; init; }

    /// <summary>The last state read from a load balancer that cannot be reached now; shown greyed, never as current.</summary>
    public ServerState? LastKnown { get; init; }

    /// <summary>The state on the first load balancer that reported this server (what a one-balancer Overview shows).</summary>
    public ServerState? Primary => ByLoadBalancer.Values.FirstOrDefault();
}
