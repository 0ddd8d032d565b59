using BlueGreen.Core.Environments;

namespace BlueGreen.Core;

/// <summary>Root of the operator's configuration, bound from the <c>BlueGreen</c> section.</summary>
public sealed class BlueGreenOptions
{
    public const string SectionName = "BlueGreen";

    /// <summary>Folder for the LiteDB file, the lab's runtime files and exports. Relative paths are resolved
    /// against the working directory, so <c>dotnet run</c> from the repository root keeps data in <c>./data</c>.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>How often every load balancer is asked for its state. One second keeps the Overview live
    /// without loading HAProxy's CLI (each poll is two short commands).</summary>
    public TimeSpan StatusPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout for one HAProxy runtime API command; a hung socket must not stall the poller.</summary>
    public TimeSpan RuntimeApiTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The embedded lab (environment <c>lab</c>): sample services on loopback behind a real HAProxy.</summary>
    public Lab.LabOptions Lab { get; set; } = new();

    /// <summary>How deploy steps log in to servers (keys, known hosts, timeouts). Secrets stay in files and
    /// environment variables; none is stored in the database or written to logs.</summary>
    public Ssh.SshOptions Ssh { get; set; } = new();

    /// <summary>Limits of the load tests run from the dashboard and the API, and their TIPHON thresholds.</summary>
    public LoadTesting.LoadTestOptions LoadTesting { get; set; } = new();

    /// <summary>Who may sign in and with which role, API tokens, sessions and rate limits.</summary>
    public Security.AuthOptions Auth { get; set; } = new();

    /// <summary>How long finished deployments and load tests are kept (off by default).</summary>
    public Retention.RetentionOptions Retention { get; set; } = new();

    /// <summary>Environments the operator deploys to. The lab environment is added to these when the lab is enabled.</summary>
    public List<Environments.EnvironmentOptions> Environments { get; set; } = [];

    /// <summary>The environments in effect: the lab's first when the lab is enabled, then the configured ones.</summary>
    public IReadOnlyList<Environments.EnvironmentOptions> AllEnvironments()
        => Lab.Enabled ? [global::BlueGreen.Core.Lab.LabEnvironment.Build(this), .. Environments] : Environments;

    /// <summary>The data folder as an absolute path.</summary>
    public string DataFolderPath => Path.GetFullPath(DataFolder);
}
