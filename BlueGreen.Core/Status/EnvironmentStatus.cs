namespace BlueGreen.Core.Status;

/// <summary>Everything the Overview shows for one environment, as read from its load balancers.</summary>
public sealed record EnvironmentStatus
{
    public required string Name { get; init; }
    public string? Description { get; init; }
    public required LiveGroup LiveGroup { get; init; }
    public required IReadOnlyList<GroupStatus> Groups { get; init; }
    public required IReadOnlyList<SiteStatus> Sites { get; init; }
    public required IReadOnlyList<LoadBalancerStatus> LoadBalancers { get; init; }
    /// <summary>Where the service is reached: each load balancer's front end, from the configuration (also before the first read).</summary>
    public IReadOnlyList<FrontEnd> FrontEnds { get; init; } = [];
    public required DateTimeOffset UpdatedAt { get; init; }
    /// <summary>A notice for operators, e.g. that the lab runs on the embedded proxy because haproxy is missing.</summary>
    public string? Notice { get; init; }

    public IEnumerable<ServerStatus> Servers => Sites.SelectMany(s => s.Servers);
}
