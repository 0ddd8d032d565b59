namespace BlueGreen.Core.LoadTesting.Storage;

/// <summary>The stored end of a load test: totals (with their merged histograms), per client, and per phase.</summary>
public sealed class LoadTestResult
{
    /// <summary>Seconds published, warm-up included.</summary>
    public int Seconds { get; set; }
    public int WarmUpSeconds { get; set; }
    /// <summary>Requests counted as timeouts because they outlived their timeout by far (normally 0).</summary>
    public long OverdueRequests { get; set; }
    /// <summary>All clients, measured seconds only; <c>Intended = Ok + Failed + Unsent</c>.</summary>
    public LoadTotalsDocument Total { get; set; } = new();
    /// <summary>Each client (index = client), measured seconds only.</summary>
    public List<LoadTotalsDocument> PerClient { get; set; } = [];
    /// <summary>Before, During, After (in that order), graded with the configured TIPHON thresholds.</summary>
    public List<PhaseSummaryDocument> Phases { get; set; } = [];
    public DateTimeOffset? DeploymentStartedAt { get; set; }
    public DateTimeOffset? DeploymentEndedAt { get; set; }
}
