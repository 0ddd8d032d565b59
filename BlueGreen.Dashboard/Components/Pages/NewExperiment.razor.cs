using System.Globalization;
using System.Text.RegularExpressions;
using BlueGreen.Core;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.Lab;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Components.Controls;
using BlueGreen.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>
/// Starts an experiment, from a preset (paper 000 or 002, with a scale) or from scratch (levels, scenarios,
/// repetitions, deploy-at, cool-down). Every change is read into an <see cref="ExperimentDefinition"/>, expanded by
/// the runner (as the REST API does) and checked by the definition's own validation with the configured load-test
/// limits; each problem shows on its field, Start stays disabled while there is one, and nothing typed is clamped or
/// replaced. It says how many runs that plans and how long they take at the least. Start goes to the live page.
/// </summary>
public sealed partial class NewExperiment : ComponentBase
{
    private const int PresetTab = 0;
    private const int ScratchTab = 1;

    private int _tab = PresetTab;
    // Both tabs.
    private string _environment = "";
    private string _baseline = "";
    private string _name = "";
    // From a preset.
    private string _preset = ExperimentPresets.Paper002;
    private string _scale = "0.02";
    // From scratch.
    private SiteGroup _baselineGroup = SiteGroup.Blue;
    private string _repetitions = "3";
    private string _deployAt = "10";
    private string _cooldown = "5";
    private bool _perClient;
    private string? _basedOn;
    private double? _basedOnScale;
    private List<LevelRow> _levels = [new()];
    private List<ScenarioRow> _scenarios =
    [
        new() { Kind = ScenarioKind.None },
        new() { Kind = ScenarioKind.Success, Version = "2.0.0" },
        new() { Kind = ScenarioKind.Fail, Version = "9.9.9-broken" },
    ];
    private Form _form = new(PresetTab);
    private string? _error;
    private bool _starting;

    /// <summary><c>paper-000</c> or <c>paper-002</c> to open that preset; <c>scratch</c> to open the empty form.</summary>
    [SupplyParameterFromQuery(Name = "preset")]
    public string? PresetQuery { get; set; }

    [Inject]
    public required ExperimentRunner Runner { get; init; }

    [Inject]
    public required AccessContext Access { get; init; }

    [Inject]
    public required EnvironmentCatalog Catalog { get; init; }

    [Inject]
    public required IOptions<BlueGreenOptions> Options { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    private LabOptions Lab => Options.Value.Lab;

    private bool InLab => Lab.Enabled && string.Equals(_environment, Lab.EnvironmentName, StringComparison.OrdinalIgnoreCase);

    protected override void OnInitialized()
    {
        _environment = (Lab.Enabled ? Catalog.Find(Lab.EnvironmentName) : null)?.Name ?? Catalog.All.FirstOrDefault()?.Name ?? "";
        if (PresetQuery is { } preset && ExperimentPresets.Names.Contains(preset))
        {
            _preset = preset;
        }
        else if (PresetQuery == "scratch")
        {
            _tab = ScratchTab;
        }
        Check();
    }

    private void OnTabChanged(int tab)
    {
        _tab = tab;
        Check();
    }

    /// <summary>Reads the form into a definition, expands it as the API would, and runs its validation.</summary>
    private void Check()
    {
        var form = new Form(_tab);
        var request = _tab == PresetTab ? PresetRequest(form) : ScratchRequest(form);
        if (request is not null)
        {
            try
            {
                form.Definition = Runner.Expand(request);
            }
            catch (ExperimentRejectedException ex)
            {
                form.Add(ex.Problems);
            }
        }
        if (form.Definition is { } definition)
        {
            form.Add(definition.Validate(Options.Value.LoadTesting, Catalog));
            form.Estimate = form.CanStart ? Estimate(definition) : null;
        }
        _form = form;
        _error = null;
    }

    // A scale that is not a number leaves nothing to expand: the preset at another length would only mislead.
    private ExperimentDefinition? PresetRequest(Form form)
    {
        var scale = form.Problems.Number(_scale, "scale");
        return scale is null ? null : new ExperimentDefinition
        {
            Preset = _preset,
            Environment = _environment,
            Scale = scale,
            BaselineVersion = _baseline.Trim(),
            Name = _name,
        };
    }

    // A field that cannot be read has its own problem; the definition gets a stand-in, so the others are still checked.
    private ExperimentDefinition ScratchRequest(Form form)
    {
        var p = form.Problems;
        return new ExperimentDefinition
        {
            Name = _name,
            Environment = _environment,
            BaselineVersion = _baseline.Trim(),
            BaselineGroup = _baselineGroup,
            Repetitions = (int?)p.Whole(_repetitions, "repetitions", int.MaxValue) ?? 1,
            DeployAtSeconds = p.Number(_deployAt, "deployAtSeconds") ?? 0,
            CooldownSeconds = p.Number(_cooldown, "cooldownSeconds") ?? 0,
            PerClient = _perClient,
            // Without levels a preset's name would expand to the whole preset: the tag goes with the last level.
            Preset = _levels.Count > 0 ? _basedOn : null,
            Scale = _levels.Count > 0 ? _basedOnScale : null,
            Levels = [.. _levels.Select((row, i) => row.Read(p, $"levels[{i}]"))],
            Scenarios = [.. _scenarios.Select((row, i) => row.Read(p, $"scenarios[{i}]"))],
        };
    }

    /// <summary>Runs planned, and their load tests and cool-downs end to end (each run's length as its load test plans it).</summary>
    private Plan Estimate(ExperimentDefinition definition)
    {
        var runs = ExperimentPlan.Create(definition);
        var seconds = new Dictionary<(string, string), double>();
        double total = 0;
        foreach (var run in runs)
        {
            if (!seconds.TryGetValue((run.Level, run.Scenario), out var length))
            {
                var level = definition.Levels.First(l => l.Name == run.Level);
                var scenario = definition.Scenarios.First(s => s.DisplayName == run.Scenario);
                length = definition.SpecFor(level, scenario).Validate(Options.Value.LoadTesting, Catalog).PlannedSeconds;
                seconds[(run.Level, run.Scenario)] = length;
            }
            total += length + definition.CooldownSeconds;
        }
        return new Plan(runs.Count, TimeSpan.FromSeconds(total), seconds.Count == 0 ? 0 : seconds.Values.Average());
    }

    /// <summary>The preset as it expands, in the From scratch form, to change what the preset fixes.</summary>
    private void Customize()
    {
        if (_form.Definition is not { } definition)
        {
            return;
        }
        _name = definition.Name;
        _baseline = definition.BaselineVersion;
        _baselineGroup = definition.BaselineGroup;
        _repetitions = Text(definition.Repetitions);
        _deployAt = Text(definition.DeployAtSeconds);
        _cooldown = Text(definition.CooldownSeconds);
        _perClient = definition.PerClient;
        _basedOn = definition.Preset;
        _basedOnScale = definition.Scale;
        _levels = [.. definition.Levels.Select(LevelRow.From)];
        _scenarios = [.. definition.Scenarios.Select(ScenarioRow.From)];
        _tab = ScratchTab;
        Check();
    }

    private void AddLevel()
    {
        _levels.Add(_levels.Count > 0 ? _levels[^1].Copy($"level {_levels.Count + 1}") : new LevelRow());
        Check();
    }

    private void RemoveLevel(LevelRow row)
    {
        _levels.Remove(row);
        Check();
    }

    private void AddScenario()
    {
        _scenarios.Add(new ScenarioRow { Kind = ScenarioKind.Success, Version = "2.0.0", Name = $"scenario {_scenarios.Count + 1}" });
        Check();
    }

    private void RemoveScenario(ScenarioRow row)
    {
        _scenarios.Remove(row);
        Check();
    }

    private void ForgetPreset()
    {
        _basedOn = null;
        _basedOnScale = null;
        Check();
    }

    private async Task Start()
    {
        Check();
        if (!_form.CanStart || _starting)
        {
            return;
        }
        _starting = true;
        try
        {
            var definition = _form.Definition!;
            var experiment = await Access.RunAsync(Permission.Experiment, "experiment.start", definition.Environment, definition.Name,
                () => Task.FromResult(Runner.Start(definition, Access.Name)));
            Snackbar.Add($"Experiment {experiment.Definition.Name} started: {experiment.Runs.Count} runs.", Severity.Success);
            Navigation.NavigateTo($"experiments/{experiment.Id}");
        }
        catch (ExperimentRejectedException ex)
        {
            _form.Add(ex.Problems);
            _error = ex.Message;
            Snackbar.Add($"Not started: {ex.Message}", Severity.Error);
        }
        catch (AccessDeniedException ex)
        {
            _error = ex.Message;
            Snackbar.Add($"Not started: {ex.Message}", Severity.Error);
        }
        finally
        {
            _starting = false;
        }
    }

    /// <summary>"Success: 2.0.0, 10 runs"; the kind too when the name hides it ("During (Success): …").</summary>
    private static string Describe(ExperimentDefinition definition, ExperimentScenario scenario)
    {
        var name = scenario.DisplayName == scenario.Kind.ToString() ? scenario.DisplayName : $"{scenario.DisplayName} ({scenario.Kind})";
        var version = scenario.Version is null ? "" : $"{scenario.Version}, ";
        var during = scenario.Measure == MeasureWindow.During ? ", measured during the deployment" : "";
        var from = scenario.BaselineVersion is { } own ? $", starting from {own}" : "";
        return $"{name}: {version}{definition.RepetitionsOf(scenario)} runs{during}{from}";
    }

    private string? ProblemOf(string field) => _form.Problems.Of(field);

    private string BaselineHelp => InLab
        ? $"blank: the lab's initial version ({Lab.InitialVersion})"
        : "the version live before every run";

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>How many runs, how long end to end at the least, and a typical run's load test.</summary>
    private sealed record Plan(int Runs, TimeSpan Total, double RunSeconds);

    /// <summary>
    /// The form read into a definition: each input's problem by the definition's field path (<c>levels[0].ratePerClient</c>,
    /// as its validation names them), and the problems of fields this tab has no input for.
    /// </summary>
    private sealed partial class Form(int tab)
    {
        private static readonly HashSet<string> s_common = ["name", "environment", "baselineVersion"];
        private static readonly HashSet<string> s_preset = ["preset", "scale"];
        private static readonly HashSet<string> s_scratch = ["baselineGroup", "repetitions", "deployAtSeconds", "cooldownSeconds", "levels", "scenarios"];

        public ExperimentDefinition? Definition { get; set; }

        public FieldProblems Problems { get; } = new();

        public List<string> Others { get; } = [];

        public Plan? Estimate { get; set; }

        public bool CanStart => Definition is not null && Problems.Count == 0 && Others.Count == 0;

        public void Add(IEnumerable<ExperimentProblem> problems)
        {
            foreach (var problem in problems)
            {
                var text = $"{problem.Problem} {problem.Fix}";
                var fields = Fields(problem.Field);
                if (!fields.All(IsInput))
                {
                    var other = $"{problem.Field}: {text}";
                    if (!Others.Contains(other))
                    {
                        Others.Add(other);
                    }
                    continue;
                }
                foreach (var field in fields)
                {
                    Problems.Add(field, text);
                }
            }
        }

        private bool IsInput(string field) => s_common.Contains(field) || (tab == PresetTab
            ? s_preset.Contains(field)
            : s_scratch.Contains(field) || RowField().IsMatch(field));

        /// <summary><c>levels[0].durationSeconds/requestsPerClient</c> is a problem of both fields of that level.</summary>
        private static List<string> Fields(string field)
        {
            var parts = field.Split('/');
            var prefix = parts[0][..(parts[0].LastIndexOf('.') + 1)];
            return [parts[0], .. parts.Skip(1).Select(p => prefix + p)];
        }

        [GeneratedRegex(@"^(levels\[\d+\]\.(name|ratePerClient|clients|durationSeconds|requestsPerClient|rampUpSeconds|inFlightCapPerClient|timeoutSeconds)|scenarios\[\d+\]\.(name|kind|version|strategy|repetitions|baselineVersion|measure))$")]
        private static partial Regex RowField();
    }

    /// <summary>One load level as typed.</summary>
    private sealed class LevelRow
    {
        public string Name { get; set; } = "low";
        public string Rate { get; set; } = "100";
        public string Clients { get; set; } = "1";
        public string Duration { get; set; } = "30";
        public string Requests { get; set; } = "";
        public string RampUp { get; set; } = "0";
        public string Cap { get; set; } = "";
        public string Timeout { get; set; } = "5";
        public bool KeepAlive { get; set; } = true;

        public static LevelRow From(ExperimentLevel level) => new()
        {
            Name = level.Name,
            Rate = Text(level.RatePerClient),
            Clients = Text(level.Clients),
            Duration = level.DurationSeconds is { } d ? Text(d) : "",
            Requests = level.RequestsPerClient is { } r ? Text(r) : "",
            RampUp = Text(level.RampUpSeconds),
            Cap = level.InFlightCapPerClient is { } cap ? Text(cap) : "",
            Timeout = Text(level.TimeoutSeconds),
            KeepAlive = level.KeepAlive,
        };

        public LevelRow Copy(string name) => new()
        {
            Name = name, Rate = Rate, Clients = Clients, Duration = Duration, Requests = Requests, RampUp = RampUp, Cap = Cap, Timeout = Timeout, KeepAlive = KeepAlive,
        };

        public ExperimentLevel Read(FieldProblems problems, string path) => new()
        {
            Name = Name,
            RatePerClient = problems.Number(Rate, $"{path}.ratePerClient") ?? 0,
            Clients = (int?)problems.Whole(Clients, $"{path}.clients", int.MaxValue) ?? 1,
            DurationSeconds = problems.Number(Duration, $"{path}.durationSeconds", optional: true),
            RequestsPerClient = problems.Whole(Requests, $"{path}.requestsPerClient", long.MaxValue, optional: true),
            RampUpSeconds = problems.Number(RampUp, $"{path}.rampUpSeconds") ?? 0,
            InFlightCapPerClient = (int?)problems.Whole(Cap, $"{path}.inFlightCapPerClient", int.MaxValue, optional: true),
            TimeoutSeconds = problems.Number(Timeout, $"{path}.timeoutSeconds") ?? 5,
            KeepAlive = KeepAlive,
        };
    }

    /// <summary>One scenario as typed; blank fields take the experiment's (repetitions, starting version) or the environment's (strategy) value.</summary>
    private sealed class ScenarioRow
    {
        /// <summary>The strategy select's value for "the environment's own".</summary>
        public const string EnvironmentStrategy = "";

        public string Name { get; set; } = "";
        public ScenarioKind Kind { get; set; }
        public string Version { get; set; } = "";
        public string Strategy { get; set; } = EnvironmentStrategy;
        public string Repetitions { get; set; } = "";
        public string BaselineVersion { get; set; } = "";
        public MeasureWindow Measure { get; set; }

        public static ScenarioRow From(ExperimentScenario scenario) => new()
        {
            Name = scenario.Name ?? "",
            Kind = scenario.Kind,
            Version = scenario.Version ?? "",
            Strategy = scenario.Strategy?.ToString() ?? EnvironmentStrategy,
            Repetitions = scenario.Repetitions is { } r ? Text(r) : "",
            BaselineVersion = scenario.BaselineVersion ?? "",
            Measure = scenario.Measure,
        };

        public ExperimentScenario Read(FieldProblems problems, string path) => new()
        {
            Name = Name.Length == 0 ? null : Name,
            Kind = Kind,
            Version = Version.Trim().Length == 0 ? null : Version.Trim(),
            Strategy = Enum.TryParse<DeploymentStrategy>(Strategy, out var strategy) ? strategy : null,
            Repetitions = (int?)problems.Whole(Repetitions, $"{path}.repetitions", int.MaxValue, optional: true),
            BaselineVersion = BaselineVersion.Trim().Length == 0 ? null : BaselineVersion.Trim(),
            Measure = Measure,
        };
    }
}
