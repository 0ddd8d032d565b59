namespace BlueGreen.Core.Environments;

/// <summary>How releases reach one environment: steps, smoke tests, switch timeouts, approval and watch.</summary>
public sealed class DeploymentOptions
{
    public DeploymentStrategy Strategy { get; set; } = DeploymentStrategy.BlueGreen;

    /// <summary>Wait for an operator before switching. On by default; the lab turns it off.</summary>
    public bool RequireApproval { get; set; } = true;

    /// <summary>The person who approves must not be the one who started the deployment (four eyes).</summary>
    public bool RequireDistinctApprover { get; set; }

    /// <summary>Run in order for each server of each site being updated.</summary>
    public List<DeployStepOptions> Steps { get; set; } = [];

    /// <summary>HTTP checks sent to each updated server directly, and after the switch through the front end.</summary>
    public List<SmokeCheckOptions> SmokeChecks { get; set; } = [new SmokeCheckOptions()];

    /// <summary>Require <c>X-App-Version</c> (or the version path) to equal the deployed version.</summary>
    public bool SmokeCheckVersion { get; set; } = true;

    public TimeSpan SmokeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per check before it fails (a service may need a moment after start).</summary>
    public int SmokeAttempts { get; set; } = 5;

    public TimeSpan SmokeRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to wait for HAProxy to report the incoming servers UP.</summary>
    public TimeSpan UpTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for the outgoing servers' sessions (and the backend queue) to reach 0.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What to do when draining times out.</summary>
    public DrainEscalation DrainEscalation { get; set; } = DrainEscalation.ShutdownSessions;

    /// <summary>How long to watch the new group after the switch (0 = no watch).</summary>
    public TimeSpan WatchDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>5xx + connection + response errors on the new group during the watch that trigger a rollback.</summary>
    public int WatchMaxErrors { get; set; } = 5;

    /// <summary>Timeout of one deploy step unless the step sets its own.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Output lines of one deploy step kept in the log (100 to 100,000): the first ones and the last
    /// <see cref="Deployment.StepOutputLimiter.TailLines"/>; the log says how many were cut between them.</summary>
    public int MaxOutputLinesPerStep { get; set; } = 2000;

    /// <summary>Longest output line kept, in characters (200 to 100,000); a longer one is cut and says so.</summary>
    public int MaxOutputLineLength { get; set; } = Ssh.ShellCommand.DefaultMaxLineLength;
}
