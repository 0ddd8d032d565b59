using BlueGreen.Core.Environments;

namespace BlueGreen.Core.Experiments;

/// <summary>One scenario of an experiment: what happens to the service during its runs, and how often it is run.</summary>
public sealed record ExperimentScenario
{
    /// <summary>Shown in the report; defaults to the kind ("None", "Success", "Fail"). Unique within an experiment.</summary>
    public string? Name { get; init; }

    public ScenarioKind Kind { get; init; }

    /// <summary>The version deployed during the run (Success: a working one; Fail: a broken one, e.g. "9.9.9-broken").</summary>
    public string? Version { get; init; }

    /// <summary>The deployment's strategy; null for the environment's.</summary>
    public DeploymentStrategy? Strategy { get; init; }

    /// <summary>Runs of this scenario per level; null for the experiment's <see cref="ExperimentDefinition.Repetitions"/>.</summary>
    public int? Repetitions { get; init; }

    /// <summary>The version live before each run; null for the experiment's <see cref="ExperimentDefinition.BaselineVersion"/>
    /// (paper 000's "after the update" runs with the new version live).</summary>
    public string? BaselineVersion { get; init; }

    /// <summary>Which seconds count (paper 000's "during the update": only the deployment's).</summary>
    public MeasureWindow Measure { get; init; } = MeasureWindow.WholeRun;

    /// <summary>The name used in the report.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Kind.ToString() : Name;
}
