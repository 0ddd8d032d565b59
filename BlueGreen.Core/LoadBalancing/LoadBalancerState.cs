namespace BlueGreen.Core.LoadBalancing;

/// <summary>One read of a load balancer's backend.</summary>
public sealed record LoadBalancerState
{
    public required string Backend { get; init; }
    /// <summary>Requests queued in the backend itself (<c>qcur</c> of the BACKEND row), waiting for any server.</summary>
    public int BackendQueue { get; init; }
    /// <summary>Backend-level 5xx, connection and response errors (totals), for the switch audit.</summary>
    public long BackendHttp5xx { get; init; }
    public required IReadOnlyList<ServerState> Servers { get; init; }
    public required DateTimeOffset ReadAt { get; init; }
}
