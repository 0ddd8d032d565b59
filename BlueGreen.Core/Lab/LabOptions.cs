namespace BlueGreen.Core.Lab;

/// <summary>The embedded lab: four sample-service processes on loopback (sites A, B Blue; C, D Green) behind a
/// load balancer, started with the dashboard. Appears as the environment <see cref="EnvironmentName"/>.</summary>
public sealed class LabOptions
{
    /// <summary>Start the lab with the dashboard.</summary>
    public bool Enabled { get; set; } = true;

    public string EnvironmentName { get; set; } = "lab";

    /// <summary>Loopback port of the lab's front end (what load tests and users hit).</summary>
    public int FrontendPort { get; set; } = 18080;

    /// <summary>First port of the sample services; sites A-D take this port and the next three.</summary>
    public int ServerBasePort { get; set; } = 18081;

    /// <summary><c>Auto</c> uses HAProxy when <c>haproxy</c> is on the PATH, else the embedded proxy;
    /// <c>HaProxy</c> requires it; <c>Embedded</c> never uses it.</summary>
    public LabProxyKind Proxy { get; set; } = LabProxyKind.Auto;

    /// <summary>Version the sample services run at start.</summary>
    public string InitialVersion { get; set; } = "1.0.0";

    /// <summary>How long a lab "install" takes, so the during-phase of a deployment is visible on charts.</summary>
    public TimeSpan InstallDelay { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a lab deployment watches the new live group after the switch (zero skips the watch).
    /// Shorter watches let long experiments fit in less time.</summary>
    public TimeSpan WatchDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait for an operator before each switch in the lab (off: the lab is for trying things quickly).</summary>
    public bool RequireApproval { get; set; }

    /// <summary>In the lab, the approver must be another person than the one who started (try the four-eyes rule).</summary>
    public bool RequireDistinctApprover { get; set; }

    /// <summary>Path to <c>BlueGreen.SampleApp.dll</c>; empty finds it beside the dashboard's own assemblies.</summary>
    public string? SampleAppPath { get; set; }
}
