namespace BlueGreen.Core.Deployment;

/// <summary>
/// What HAProxy counted on one load balancer over one switch window: deltas of its error counters, summed over
/// the backend's servers. All zero means no request was lost; otherwise the counters say how many and why.
/// </summary>
public sealed class SwitchAudit
{
    public string LoadBalancer { get; set; } = "";
    /// <summary>"switch" or "rollback".</summary>
    public string Kind { get; set; } = "switch";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset FinishedAt { get; set; }
    public long Http5xx { get; set; }
    public long ConnectionErrors { get; set; }
    public long ResponseErrors { get; set; }
    public long Retries { get; set; }
    public long Redispatches { get; set; }
    public long ClientAborts { get; set; }
    public long ServerAborts { get; set; }
    public long Sessions { get; set; }
    /// <summary>How the drain ended: "drained", "shutdown-sessions", "timeout-continued", "aborted".</summary>
    public string DrainOutcome { get; set; } = "";

    /// <summary>Requests that failed for a client (retries and redispatches succeeded elsewhere, so they are not losses).</summary>
    public long Lost => Http5xx + ConnectionErrors + ResponseErrors + ServerAborts;
}
