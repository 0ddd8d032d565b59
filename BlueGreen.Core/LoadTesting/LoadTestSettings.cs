using BlueGreen.Core.Deployment;

namespace BlueGreen.Core.LoadTesting;

/// <summary>A <see cref="LoadTestSpec"/> as stored with its test (LiteDB fills classes with setters reliably, not init-only ones).</summary>
public sealed class LoadTestSettings
{
    public string Environment { get; set; } = "";
    public LoadTestTarget Target { get; set; }
    public string? Server { get; set; }
    public string? LoadBalancer { get; set; }
    public string Path { get; set; } = "/";
    public double RatePerClient { get; set; }
    public int Clients { get; set; }
    public TimeSpan? Duration { get; set; }
    public long? RequestsPerClient { get; set; }
    public TimeSpan RampUp { get; set; }
    public TimeSpan WarmUp { get; set; }
    public TimeSpan Timeout { get; set; }
    public bool KeepAlive { get; set; }
    public string Method { get; set; } = "GET";
    public TimeSpan? DeployAt { get; set; }
    public string? DeployVersion { get; set; }
    public DeploymentStrategy? DeployStrategy { get; set; }

    /// <summary>Copies <paramref name="spec"/>.</summary>
    public static LoadTestSettings From(LoadTestSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new LoadTestSettings
        {
            Environment = spec.Environment,
            Target = spec.Target,
            Server = spec.Server,
            LoadBalancer = spec.LoadBalancer,
            Path = spec.Path,
            RatePerClient = spec.RatePerClient,
            Clients = spec.Clients,
            Duration = spec.Duration,
            RequestsPerClient = spec.RequestsPerClient,
            RampUp = spec.RampUp,
            WarmUp = spec.WarmUp,
            Timeout = spec.Timeout,
            KeepAlive = spec.KeepAlive,
            Method = spec.Method,
            DeployAt = spec.DeployAt,
            DeployVersion = spec.DeployVersion,
            DeployStrategy = spec.DeployStrategy,
        };
    }

    /// <summary>The spec again, e.g. to repeat a test.</summary>
    public LoadTestSpec ToSpec() => new()
    {
        Environment = Environment,
        Target = Target,
        Server = Server,
        LoadBalancer = LoadBalancer,
        Path = Path,
        RatePerClient = RatePerClient,
        Clients = Clients,
        Duration = Duration,
        RequestsPerClient = RequestsPerClient,
        RampUp = RampUp,
        WarmUp = WarmUp,
        Timeout = Timeout,
        KeepAlive = KeepAlive,
        Method = Method,
        DeployAt = DeployAt,
        DeployVersion = DeployVersion,
        DeployStrategy = DeployStrategy,
    };
}
