using System.Globalization;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting;

namespace BlueGreen.Core.Experiments;

public sealed partial record ExperimentDefinition
{
    /// <summary>Most runs one experiment may plan (paper 000's matrix is 8 x 3 x 5 = 120).</summary>
    public const int MaxRuns = 1000;

    /// <summary>
    /// Every problem of this definition (empty when it can run), each naming the field as the JSON body does and the
    /// fix; every run's load test is checked against <paramref name="limits"/> as it will be started.
    /// </summary>
    public IReadOnlyList<ExperimentProblem> Validate(LoadTestOptions limits, EnvironmentCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(catalog);
        var problems = new List<ExperimentProblem>();
        void Add(string field, string problem, string fix) => problems.Add(new ExperimentProblem(field, problem, fix));

        if (string.IsNullOrWhiteSpace(Name) || Name.Length > 100)
        {
            Add("name", "must be 1 to 100 characters.", "Name it after what it asks, e.g. \"paper-002 after the HAProxy change\".");
        }
        var environment = string.IsNullOrWhiteSpace(Environment) ? null : catalog.Find(Environment);
        if (environment is null)
        {
            Add("environment", $"'{Environment}' is not a configured environment.", $"Use one of: {string.Join(", ", catalog.All.Select(e => e.Name))}.");
        }
        else if (environment.Deployment.RequireApproval)
        {
            Add("environment", $"{environment.Name} requires an approval before every switch, but an experiment runs unattended (its scenarios and its baseline restores deploy).",
                $"Run it on an environment without the gate, or set Environments:{environment.Name}:Deployment:RequireApproval to false there.");
        }
        if (VersionName.Validate(BaselineVersion, "baselineVersion") is { } baseline)
        {
            Add("baselineVersion", baseline, "Give the version every run starts from, e.g. \"1.0.0\" (the lab's initial version).");
        }
        if (!Enum.IsDefined(BaselineGroup))
        {
            Add("baselineGroup", $"{(int)BaselineGroup} is not a group.", "Use Blue or Green.");
        }
        if (Repetitions is < 1 or > 100)
        {
            Add("repetitions", $"must be 1..100 (was {Repetitions}).", "Use e.g. 10, as paper 002.");
        }
        if (!double.IsFinite(CooldownSeconds) || CooldownSeconds is < 0 or > 3600)
        {
            Add("cooldownSeconds", $"must be 0..3600 (was {Format(CooldownSeconds)}).", "Use e.g. 5.");
        }
        if (!double.IsFinite(DeployAtSeconds) || DeployAtSeconds < 0)
        {
            Add("deployAtSeconds", $"must be 0 or more (was {Format(DeployAtSeconds)}).", "Use the second of each run at which the scenario's deployment starts, e.g. 20.");
        }
        if (Scale is { } scale && (!double.IsFinite(scale) || scale <= 0 || scale > 1))
        {
            Add("scale", $"must be above 0 and at most 1 (was {Format(scale)}).", "Use e.g. 0.02 to run a preset in minutes.");
        }
        ValidateScenarios(Add);
        ValidateLevels(limits, catalog, environment is not null, Add);
        var runs = Levels.Count * Scenarios.Sum(RepetitionsOf);
        if (runs > MaxRuns)
        {
            Add("repetitions", $"the experiment would plan {runs} runs, more than {MaxRuns}.", "Use fewer levels, scenarios or repetitions.");
        }
        return problems;
    }

    /// <summary>The load test of one run of <paramref name="level"/> under <paramref name="scenario"/>.</summary>
    public LoadTestSpec SpecFor(ExperimentLevel level, ExperimentScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(level);
        ArgumentNullException.ThrowIfNull(scenario);
        var deploys = scenario.Kind != ScenarioKind.None;
        return new LoadTestSpec
        {
            Environment = Environment,
            RatePerClient = level.RatePerClient,
            Clients = level.Clients,
            Duration = level.DurationSeconds is { } seconds ? LoadTestSpec.FromSeconds(seconds) : null,
            RequestsPerClient = level.RequestsPerClient,
            RampUp = LoadTestSpec.FromSeconds(level.RampUpSeconds),
            Timeout = LoadTestSpec.FromSeconds(level.TimeoutSeconds),
            KeepAlive = level.KeepAlive,
            InFlightCapPerClient = level.InFlightCapPerClient,
            DeployAt = deploys ? LoadTestSpec.FromSeconds(DeployAtSeconds) : null,
            DeployVersion = deploys ? scenario.Version : null,
            DeployStrategy = deploys ? scenario.Strategy : null,
        };
    }

    private void ValidateScenarios(Action<string, string, string> add)
    {
        if (Scenarios.Count is 0 or > 10)
        {
            add("scenarios", $"must list 1 to 10 scenarios (was {Scenarios.Count}).", "E.g. [{\"kind\":\"None\"},{\"kind\":\"Success\",\"version\":\"2.0.0\"},{\"kind\":\"Fail\",\"version\":\"9.9.9-broken\"}].");
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Scenarios.Count; i++)
        {
            var scenario = Scenarios[i];
            var path = $"scenarios[{i}]";
            if (scenario is null)
            {
                add(path, "is empty.", "Give its kind: None, Success or Fail.");
                continue;
            }
            if (!Enum.IsDefined(scenario.Kind))
            {
                add($"{path}.kind", $"{(int)scenario.Kind} is not a scenario.", "Use None, Success or Fail.");
            }
            if (!names.Add(scenario.DisplayName))
            {
                add($"{path}.name", $"'{scenario.DisplayName}' is used twice.", "Give each scenario its own name.");
            }
            if (scenario.Kind == ScenarioKind.None && scenario.Version is not null)
            {
                add($"{path}.version", "is set, but a None scenario deploys nothing.", "Remove it, or make the scenario Success or Fail.");
            }
            else if (scenario.Kind != ScenarioKind.None && VersionName.Validate(scenario.Version, $"{path}.version") is { } version)
            {
                add($"{path}.version", version, scenario.Kind == ScenarioKind.Fail
                    ? "Give a version that fails, e.g. \"9.9.9-broken\" in the lab."
                    : "Give the version to deploy, e.g. \"2.0.0\".");
            }
            if (scenario.Repetitions is < 1 or > 100)
            {
                add($"{path}.repetitions", $"must be 1..100 (was {scenario.Repetitions}).", "Use e.g. 5, or leave it out for the experiment's repetitions.");
            }
            if (scenario.BaselineVersion is { } own && VersionName.Validate(own, $"{path}.baselineVersion") is { } ownProblem)
            {
                add($"{path}.baselineVersion", ownProblem, "Give the version live before its runs, or leave it out for the experiment's.");
            }
            if (scenario.Kind == ScenarioKind.None && scenario.Measure == MeasureWindow.During)
            {
                add($"{path}.measure", "is During, but a None scenario has no deployment to measure during.", "Use WholeRun.");
            }
        }
    }

    private void ValidateLevels(LoadTestOptions limits, EnvironmentCatalog catalog, bool environmentKnown, Action<string, string, string> add)
    {
        if (Levels.Count is 0 or > 50)
        {
            add("levels", $"must list 1 to 50 load levels (was {Levels.Count}).", "E.g. [{\"name\":\"low\",\"ratePerClient\":100,\"clients\":2,\"durationSeconds\":60}].");
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Levels.Count; i++)
        {
            var level = Levels[i];
            var path = $"levels[{i}]";
            if (level is null)
            {
                add(path, "is empty.", "Give its name, ratePerClient and durationSeconds (or requestsPerClient).");
                continue;
            }
            if (string.IsNullOrWhiteSpace(level.Name) || !names.Add(level.Name))
            {
                add($"{path}.name", string.IsNullOrWhiteSpace(level.Name) ? "is missing." : $"'{level.Name}' is used twice.", "Give each level its own name, e.g. \"low\".");
            }
            if (!environmentKnown)
            {
                continue;
            }
            // Each run's load test as it will start: one with no deployment, and one per deploying scenario (the deploy-at
            // second must fall inside the run). Each problem once, under the field it comes from.
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var scenario in Scenarios.Where(s => s is not null).DistinctBy(s => (s.Kind == ScenarioKind.None, s.Version, s.Strategy)))
            {
                foreach (var problem in SpecFor(level, scenario).Validate(limits, catalog).Problems)
                {
                    var field = FieldOf(problem.Field, path, scenario);
                    if (reported.Add(field + problem.Problem))
                    {
                        add(field, problem.Problem, problem.Fix);
                    }
                }
            }
        }
    }

    /// <summary>Where a load-test problem belongs in the experiment's body.</summary>
    private string FieldOf(string specField, string levelPath, ExperimentScenario scenario) => specField switch
    {
        nameof(LoadTestSpec.DeployAt) => "deployAtSeconds",
        nameof(LoadTestSpec.DeployVersion) => $"scenarios[{IndexOf(scenario)}].version",
        nameof(LoadTestSpec.DeployStrategy) => $"scenarios[{IndexOf(scenario)}].strategy",
        nameof(LoadTestSpec.Environment) => "environment",
        nameof(LoadTestSpec.Duration) => $"{levelPath}.durationSeconds",
        nameof(LoadTestSpec.RampUp) => $"{levelPath}.rampUpSeconds",
        nameof(LoadTestSpec.Timeout) => $"{levelPath}.timeoutSeconds",
        $"{nameof(LoadTestSpec.Duration)}/{nameof(LoadTestSpec.RequestsPerClient)}" => $"{levelPath}.durationSeconds/requestsPerClient",
        _ => $"{levelPath}.{char.ToLowerInvariant(specField[0])}{specField[1..]}",
    };

    private int IndexOf(ExperimentScenario scenario) => Scenarios.ToList().IndexOf(scenario);

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
