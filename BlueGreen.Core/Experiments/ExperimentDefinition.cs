using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Experiments;

/// <summary>
/// An experiment as an operator asks for it: load levels x scenarios x repetitions on one environment, each run a
/// load test through the front end with the scenario's deployment at <see cref="DeployAtSeconds"/>. Stored with the
/// experiment and returned by the API; checked once by <see cref="Validate"/>, which also checks every run's load
/// test against the configured limits. Immutable.
/// </summary>
public sealed partial record ExperimentDefinition
{
    public string Name { get; init; } = "";

    public string Environment { get; init; } = "";

    public IReadOnlyList<ExperimentLevel> Levels { get; init; } = [];

    public IReadOnlyList<ExperimentScenario> Scenarios { get; init; } = [];

    /// <summary>Runs per scenario and level, unless the scenario sets its own (paper 002: 10).</summary>
    public int Repetitions { get; init; } = 3;

    /// <summary>When the scenario's deployment starts, in seconds from the start of the run.</summary>
    public double DeployAtSeconds { get; init; } = 20;

    /// <summary>Pause between runs, so one run's tail (connections, queues) does not reach into the next.</summary>
    public double CooldownSeconds { get; init; } = 5;

    /// <summary>The version live (on <see cref="BaselineGroup"/>) before every run; the experiment restores it when needed.</summary>
    public string BaselineVersion { get; init; } = "";

    /// <summary>The group that serves the baseline version before every run.</summary>
    public SiteGroup BaselineGroup { get; init; } = SiteGroup.Blue;

    /// <summary>Also report each client on its own (paper 000 reported its two client machines apart).</summary>
    public bool PerClient { get; init; }

    /// <summary>The built-in preset it was made from, if any, and its duration scale.</summary>
    public string? Preset { get; init; }

    public double? Scale { get; init; }

    /// <summary>The scenarios' names in the report, in order.</summary>
    public IReadOnlyList<string> ScenarioNames => [.. Scenarios.Select(s => s.DisplayName)];

    /// <summary>Runs of <paramref name="scenario"/> per level.</summary>
    public int RepetitionsOf(ExperimentScenario scenario) => scenario.Repetitions ?? Repetitions;
}
