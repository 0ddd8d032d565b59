namespace BlueGreen.Dashboard.Components.Dialogs;

/// <summary>
/// A ready-made load test from the papers BlueGreen comes from; choosing one fills the New load test form.
/// </summary>
/// <param name="Key">Stable id (for tests and links).</param>
/// <param name="Name">Button text.</param>
/// <param name="Description">Where it comes from and what it measures.</param>
public sealed record LoadTestPreset(
    string Key,
    string Name,
    string Description,
    double Rate,
    int Clients,
    int? DurationSeconds,
    long? RequestsPerClient,
    int RampUpSeconds,
    bool KeepAlive,
    int? DeployAtSeconds,
    string DeployVersion = "2.0.0")
{
    /// <summary>A run without a deployment: nothing lost, and a tail that stays under a second.</summary>
    public static IReadOnlyList<string> SteadyCriteria { get; } = ["loss <= 0 %", "p99 <= 1000 ms"];

    /// <summary>
    /// A run with a deployment: nothing lost while it runs (the zero-downtime promise), a tail at most three times the
    /// one before it, and the service back at (nearly) its earlier throughput after it.
    /// </summary>
    public static IReadOnlyList<string> DeploymentCriteria { get; } = ["loss during <= 0 %", "p99 during <= 3 x p99 before", "throughput after >= 0.9 x throughput before"];

    /// <summary>The criteria this preset fills in: <see cref="DeploymentCriteria"/> when it deploys, else <see cref="SteadyCriteria"/>.</summary>
    public IReadOnlyList<string> Criteria => DeployAtSeconds is null ? SteadyCriteria : DeploymentCriteria;

    /// <summary>Paper 000 (httperf, two clients) and paper 002 (JMeter, low / medium / high traffic).</summary>
    public static IReadOnlyList<LoadTestPreset> All { get; } =
    [
        new("paper000", "Paper 000: 2 × 300/s, 5000 requests each",
            "httperf from two clients at 300 requests/s, 5000 requests each, a new connection per request; no deployment.",
            300, 2, null, 5000, 0, false, null),
        new("deploy-run", "60 s, 2 × 300/s, deploy 2.0.0 at 20 s",
            "Two clients at 300 requests/s for 60 s with a blue-green deployment of 2.0.0 at 20 s: before / during / after in one run.",
            300, 2, 60, null, 0, true, 20),
        new("paper002-low", "Paper 002 low: 100/s, 5 min",
            "JMeter's low traffic (100 requests/s) for 5 minutes after a 30-s ramp-up, deploying 2.0.0 at 120 s. Use version 3.0.0-broken for the failed-deployment scenario, or clear Deploy at for none.",
            100, 1, 300, null, 30, true, 120),
        new("paper002-medium", "Paper 002 medium: 260/s, 5 min",
            "JMeter's medium traffic (260 requests/s) for 5 minutes after a 30-s ramp-up, deploying 2.0.0 at 120 s.",
            260, 1, 300, null, 30, true, 120),
        new("paper002-high", "Paper 002 high: 300/s, 5 min",
            "JMeter's high traffic (300 requests/s) for 5 minutes after a 30-s ramp-up, deploying 2.0.0 at 120 s.",
            300, 1, 300, null, 30, true, 120),
    ];
}
