using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Switching;

/// <summary>Move traffic from <see cref="Outgoing"/> to <see cref="Incoming"/> servers on every load balancer
/// (either may be empty: a take-out has no incoming servers, a bring-in no outgoing ones).</summary>
public sealed record SwitchPlan
{
    public required IReadOnlyList<SwitchTarget> LoadBalancers { get; init; }
    public IReadOnlyList<string> Incoming { get; init; } = [];
    public IReadOnlyList<string> Outgoing { get; init; } = [];
    /// <summary>For the audit and the log.</summary>
    public SwitchKind Kind { get; init; } = SwitchKind.Switch;
    public TimeSpan UpTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(30);
    public DrainEscalation Escalation { get; init; } = DrainEscalation.ShutdownSessions;
    /// <summary>How often HAProxy is read while waiting.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
