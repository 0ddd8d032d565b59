using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Deployment;

/// <summary>One deployment as stored (LiteDB document) and shown. Changed only by the engine, under its lock,
/// and saved after every change.</summary>
public sealed class DeploymentRecord
{
    public string Id { get; set; } = "";
    public string Environment { get; set; } = "";
    public string Version { get; set; } = "";
    /// <summary>The version the live group served when the deployment started.</summary>
    public string? PreviousVersion { get; set; }
    public DeploymentStrategy Strategy { get; set; }
    /// <summary>The group live at the start (traffic moves away from it).</summary>
    public SiteGroup? FromGroup { get; set; }
    /// <summary>The group updated first (traffic moves to it).</summary>
    public SiteGroup? ToGroup { get; set; }
    public bool RequireApproval { get; set; }
    public string RequestedBy { get; set; } = "";
    /// <summary>"ui" or "api".</summary>
    public string Source { get; set; } = "ui";
    public DeploymentState State { get; set; }
    /// <summary>The state before <see cref="DeploymentState.Interrupted"/>, to know whether a switch had started.</summary>
    public DeploymentState? InterruptedIn { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public string? Error { get; set; }
    /// <summary>Warnings an operator should see (capacity, escalations), kept with the deployment.</summary>
    public List<string> Warnings { get; set; } = [];
    public List<DeploymentStep> Steps { get; set; } = [];
    public List<StateChange> Transitions { get; set; } = [];
    public List<SmokeResult> SmokeResults { get; set; } = [];
    public List<SwitchAudit> SwitchAudits { get; set; } = [];
    public ApprovalDecision? Approval { get; set; }

    /// <summary>While waiting for approval: the latest reading of each front end, refreshed every few seconds.</summary>
    public List<FrontEndReading> FrontEnd { get; set; } = [];
    /// <summary>From the switch to the watch noticing trouble.</summary>
    public TimeSpan? TimeToDetect { get; set; }
    /// <summary>From the rollback's start to the old group serving alone again.</summary>
    public TimeSpan? TimeToRollback { get; set; }

    public TimeSpan? Duration => FinishedAt is { } end ? end - CreatedAt : null;
}
