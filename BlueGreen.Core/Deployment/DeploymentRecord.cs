using BlueGreen.Core.Environments;
using BlueGreen.Core.Switching;
using LiteDB;

namespace BlueGreen.Core.Deployment;

/// <summary>
/// One deployment as stored (LiteDB document), published and shown. Immutable: the engine makes a new one for every
/// change (under its run's lock, <c>with</c>), stores it and publishes it, so a page or the API may hold, serialize
/// or compare the one it got on any thread while the deployment goes on.
/// </summary>
public sealed record DeploymentRecord
{
    public string Id { get; init; } = "";
    public string Environment { get; init; } = "";
    public string Version { get; init; } = "";
    /// <summary>The version the live group served when the deployment started.</summary>
    public string? PreviousVersion { get; init; }
    public DeploymentStrategy Strategy { get; init; }
    /// <summary>The group live at the start (traffic moves away from it).</summary>
    public SiteGroup? FromGroup { get; init; }
    /// <summary>The group updated first (traffic moves to it).</summary>
    public SiteGroup? ToGroup { get; init; }
    public bool RequireApproval { get; init; }
    public string RequestedBy { get; init; } = "";
    /// <summary>"ui", "api" or "loadtest".</summary>
    public string Source { get; init; } = "ui";
    public DeploymentState State { get; init; }
    /// <summary>The state before <see cref="DeploymentState.Interrupted"/>, to know whether a switch had started.</summary>
    public DeploymentState? InterruptedIn { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>
    /// When the new group was first set READY in the switch, so traffic may have moved to it (null: it never was,
    /// or the switch stopped and put it back in maintenance before anything moved). The environment's latest
    /// deployment with this set is the one a rollback can undo.
    /// </summary>
    public DateTimeOffset? SwitchedAt { get; init; }
    /// <summary>What went wrong, for a deployment that failed, was aborted or interrupted, or was rolled back by its watch.</summary>
    public string? Error { get; init; }
    /// <summary>How it ended, in one sentence (any final state), e.g. "Green serves 2.0.0; Blue stays on 1.0.0 as a hot standby."</summary>
    public string? Summary { get; init; }
    /// <summary>Warnings an operator should see (capacity, escalations), kept with the deployment.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    public IReadOnlyList<DeploymentStep> Steps { get; init; } = [];
    public IReadOnlyList<StateChange> Transitions { get; init; } = [];
    public IReadOnlyList<SmokeResult> SmokeResults { get; init; } = [];
    public IReadOnlyList<SwitchAudit> SwitchAudits { get; init; } = [];
    public ApprovalDecision? Approval { get; init; }

    /// <summary>While waiting for approval: the latest reading of each front end, refreshed every few seconds.</summary>
    public IReadOnlyList<FrontEndReading> FrontEnd { get; init; } = [];
    /// <summary>From the switch to the watch noticing trouble.</summary>
    public TimeSpan? TimeToDetect { get; init; }
    /// <summary>From the rollback's start to the old group serving alone again.</summary>
    public TimeSpan? TimeToRollback { get; init; }

    /// <summary>
    /// What an operator may do with it now (see <see cref="DeploymentRules"/>): filled by the store whenever it hands
    /// the record out, since it depends on the environment's other deployments too. Not stored.
    /// </summary>
    [BsonIgnore]
    public IReadOnlyList<DeploymentAction> AllowedActions { get; init; } = [];

    /// <summary>
    /// The group whose servers are taken out, updated to <see cref="Version"/> and smoke-tested now: the incoming
    /// group up to its smoke tests, the outgoing one in a TwoPhase rollout's second half; null in any other state.
    /// </summary>
    [BsonIgnore]
    public SiteGroup? GroupBeingUpdated => State switch
    {
        DeploymentState.PreparingIdle or DeploymentState.Updating or DeploymentState.SmokeTesting => ToGroup,
        DeploymentState.UpdatingRest => FromGroup,
        _ => null,
    };

    public TimeSpan? Duration => FinishedAt is { } end ? end - CreatedAt : null;

    /// <summary>How long the switch took on the slowest load balancer; null before a switch.</summary>
    public TimeSpan? SwitchDuration => SwitchAudits.Where(a => a.Kind == SwitchKind.Switch).Select(a => (TimeSpan?)(a.FinishedAt - a.StartedAt)).Max();

    /// <summary>Requests lost at the switch (HAProxy's counters, every load balancer); null before a switch.</summary>
    public long? LostAtSwitch => SwitchAudits.Any(a => a.Kind == SwitchKind.Switch) ? SwitchAudits.Where(a => a.Kind == SwitchKind.Switch).Sum(a => a.Lost) : null;
}
