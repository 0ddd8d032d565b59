using BlueGreen.Core.Deployment;

namespace BlueGreen.Core.Switching;

/// <summary>Move traffic from <see cref="Outgoing"/> to <see cref="Incoming"/> servers on every load balancer.</summary>
public sealed class SwitchPlan
{
    public required IReadOnlyList<SwitchTarget> LoadBalancers { get; init; }
    public required IReadOnlyList<string> Incoming { get; init; }
    public required IReadOnlyList<string> Outgoing { get; init; }
    /// <summary>"switch" or "rollback", for the audit and the log.</summary>
    public string Kind { get; init; } = "switch";
    public TimeSpan UpTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public DrainEscalation Escalation { get; init; } = DrainEscalation.ShutdownSessions;
    /// <summary>How often HAProxy is read while waiting.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
