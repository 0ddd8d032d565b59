using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.Status;

/// <summary>One load balancer as last read. When a read fails, <see cref="State"/> keeps the last good read and
/// <see cref="IsStale"/> says so; the Overview greys it rather than presenting it as current.</summary>
public sealed record LoadBalancerStatus
{
    public required string Name { get; init; }
    public required string Address { get; init; }
    /// <summary>"HAProxy" or "Embedded proxy".</summary>
    public required string Kind { get; init; }
    public required bool Reachable { get; init; }
    /// <summary>The load balancer's own statistics page (the lab's HAProxy serves one on loopback); null when none.</summary>
    public string? StatsUrl { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public LoadBalancerState? State { get; init; }
    public LiveGroup LiveGroup { get; init; } = LiveGroup.Unknown;

    public bool IsStale => !Reachable && State is not null;
}
