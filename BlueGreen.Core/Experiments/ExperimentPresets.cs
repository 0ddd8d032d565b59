using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Experiments;

/// <summary>
/// The two papers' experiments as ready-made definitions. <c>scale</c> (0..1] shortens every run (1 is the paper's
/// length) so the lab runs a whole matrix in minutes; it never shortens a run below <see cref="MinimumRunSeconds"/>.
/// </summary>
public static class ExperimentPresets
{
    public const string Paper000 = "paper-000";
    public const string Paper002 = "paper-002";

    /// <summary>The shortest run a scaled preset makes: enough for a deploy-at deployment to start inside it.</summary>
    public const double MinimumRunSeconds = 6;

    public static IReadOnlyList<string> Names { get; } = [Paper000, Paper002];

    /// <summary>What each preset is, for the New experiment page.</summary>
    public static string Describe(string preset) => preset switch
    {
        Paper000 => "Paper 000 (httperf): 8 rates, 100..450 requests/s per client in steps of 50, 2 clients, 5,000 requests per client, a new connection per request; before / during / after an update, 5 / 3 / 5 runs; each client reported too.",
        Paper002 => "Paper 002 (JMeter): low / medium / high traffic (100 / 260 / 300 requests/s, at most 50 / 260 / 500 in flight), 5 min after a 30-s ramp-up, deploying at 2 min; no / successful / failing deployment, 10 runs each.",
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, $"Known presets: {string.Join(", ", Names)}."),
    };

    /// <summary>The definition of <paramref name="preset"/> on <paramref name="environment"/>.</summary>
    /// <param name="preset"><see cref="Paper000"/> or <see cref="Paper002"/>.</param>
    /// <param name="environment">Where it runs.</param>
    /// <param name="scale">Run length as a fraction of the paper's (validated with the definition).</param>
    /// <param name="baselineVersion">The version live before each run (the lab's: its initial version).</param>
    /// <param name="successVersion">The version a successful deployment deploys.</param>
    /// <param name="failVersion">The version a failing deployment deploys (in the lab any <c>*-broken</c> fails its smoke tests).</param>
    /// <exception cref="ArgumentOutOfRangeException">An unknown preset.</exception>
    public static ExperimentDefinition Create(string preset, string environment, double scale, string baselineVersion,
        string successVersion = "2.0.0", string failVersion = "9.9.9-broken") => preset switch
    {
        Paper000 => Paper000Definition(environment, scale, baselineVersion, successVersion),
        Paper002 => Paper002Definition(environment, scale, baselineVersion, successVersion, failVersion),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, $"There is no preset '{preset}'. Known: {string.Join(", ", Names)}."),
    };

    private static ExperimentDefinition Paper000Definition(string environment, double scale, string baseline, string success) => new()
    {
        Name = $"{Paper000} ×{scale:0.###}",
        Environment = environment,
        Preset = Paper000,
        Scale = scale,
        BaselineVersion = baseline,
        PerClient = true,
        Levels = [.. Enumerable.Range(0, 8).Select(i => 100 + 50 * i).Select(rate => new ExperimentLevel
        {
            Name = $"{rate}/s",
            RatePerClient = rate,
            Clients = 2,
            // 5,000 requests per client; scaled, at least MinimumRunSeconds of them.
            RequestsPerClient = (long)Math.Max(Math.Round(5000 * scale), Math.Ceiling(rate * MinimumRunSeconds)),
            KeepAlive = false,
        })],
        Scenarios =
        [
            new ExperimentScenario { Name = "Before", Kind = ScenarioKind.None, Repetitions = 5 },
            new ExperimentScenario { Name = "During", Kind = ScenarioKind.Success, Version = success, Repetitions = 3, Measure = MeasureWindow.During },
            // After the update the new version serves: each of these runs starts from it.
            new ExperimentScenario { Name = "After", Kind = ScenarioKind.None, Repetitions = 5, BaselineVersion = success },
        ],
        DeployAtSeconds = 2,
        CooldownSeconds = 2,
    };

    private static ExperimentDefinition Paper002Definition(string environment, double scale, string baseline, string success, string fail)
    {
        var duration = Math.Max(300 * scale, MinimumRunSeconds);
        return new ExperimentDefinition
        {
            Name = $"{Paper002} ×{scale:0.###}",
            Environment = environment,
            Preset = Paper002,
            Scale = scale,
            BaselineVersion = baseline,
            Repetitions = 10,
            Levels =
            [
                Level("Low", 100, 50, duration, scale),
                Level("Medium", 260, 260, duration, scale),
                Level("High", 300, 500, duration, scale),
            ],
            Scenarios =
            [
                new ExperimentScenario { Kind = ScenarioKind.None },
                new ExperimentScenario { Kind = ScenarioKind.Success, Version = success, Strategy = DeploymentStrategy.BlueGreen },
                new ExperimentScenario { Kind = ScenarioKind.Fail, Version = fail, Strategy = DeploymentStrategy.BlueGreen },
            ],
            // 002 deployed 2 min into the 5-minute run; scaled, and never after the middle of a shortened run.
            DeployAtSeconds = Math.Round(Math.Min(120 * scale, duration / 2), 1),
            CooldownSeconds = Math.Round(Math.Clamp(30 * scale, 1, 30), 1),
        };
    }

    private static ExperimentLevel Level(string name, double rate, int cap, double duration, double scale) => new()
    {
        Name = name,
        RatePerClient = rate,
        Clients = 1,
        DurationSeconds = Math.Round(duration, 1),
        RampUpSeconds = Math.Round(30 * scale, 1),
        InFlightCapPerClient = cap,
    };
}
