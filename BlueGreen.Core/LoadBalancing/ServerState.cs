namespace BlueGreen.Core.LoadBalancing;

/// <summary>One server as the load balancer reports it. Counters are totals since the load balancer
/// started; the switch audit takes deltas of them.</summary>
public sealed record ServerState
{
    public required string Name { get; init; }
    public required AdminState Admin { get; init; }
    public required OperationalState Operational { get; init; }
    /// <summary>Last health check result, e.g. <c>L7OK</c>, <c>L4CON</c>; empty when not checked.</summary>
    public string CheckStatus { get; init; } = "";
    /// <summary>Sessions open right now (<c>scur</c>).</summary>
    public int CurrentSessions { get; init; }
    /// <summary>Requests queued for this server (<c>qcur</c>).</summary>
    public int QueuedRequests { get; init; }
    /// <summary>New sessions in the last second (<c>rate</c>).</summary>
    public int SessionRate { get; init; }
    public int Weight { get; init; }
    public long TotalSessions { get; init; }
    public long Http5xx { get; init; }
    /// <summary>Connection errors (<c>econ</c>).</summary>
    public long ConnectionErrors { get; init; }
    /// <summary>Response errors (<c>eresp</c>).</summary>
    public long ResponseErrors { get; init; }
    /// <summary>Retries (<c>wretr</c>).</summary>
    public long Retries { get; init; }
    /// <summary>Redispatches (<c>wredis</c>).</summary>
    public long Redispatches { get; init; }
    /// <summary>Bytes received from clients (<c>bin</c>); null when the load balancer does not count them (the embedded proxy).</summary>
    public long? BytesIn { get; init; }
    /// <summary>Bytes sent to clients (<c>bout</c>); null when the load balancer does not count them.</summary>
    public long? BytesOut { get; init; }
    /// <summary>When the server last changed between UP and DOWN (<c>lastchg</c> before the read); null when unknown.</summary>
    public DateTimeOffset? LastChangeAt { get; init; }
    public long ClientAborts { get; init; }
    public long ServerAborts { get; init; }

    /// <summary>Takes new traffic: admin READY and checks UP.</summary>
    public bool IsRoutable => Admin == AdminState.Ready && Operational == OperationalState.Up;
}
