namespace BlueGreen.Core.Switching;

/// <summary>
/// What HAProxy counted on one load balancer over one switch window: deltas of its error counters, summed over
/// the backend's servers. All zero means no request was lost; otherwise the counters say how many and why.
/// </summary>
public sealed record SwitchAudit
{
    public string LoadBalancer { get; init; } = "";
    public SwitchKind Kind { get; init; } = SwitchKind.Switch;
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
    public long Http5xx { get; init; }
    public long ConnectionErrors { get; init; }
    public long ResponseErrors { get; init; }
    public long Retries { get; init; }
    public long Redispatches { get; init; }
    public long ClientAborts { get; init; }
    public long ServerAborts { get; init; }
    public long Sessions { get; init; }
    /// <summary>How the outgoing servers' drain ended.</summary>
    public DrainOutcome DrainOutcome { get; init; }

    /// <summary>Requests that failed for a client (retries and redispatches succeeded elsewhere, so they are not losses).</summary>
    public long Lost => Http5xx + ConnectionErrors + ResponseErrors + ServerAborts;
}
