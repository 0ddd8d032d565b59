using System.Globalization;
using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Components.Controls;
using BlueGreen.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Dialogs;

/// <summary>
/// Starts a load test: target, rate, clients, duration or requests, and an optional deployment at a given second.
/// Every change is read into a <see cref="LoadTestSpec"/> and checked by the spec's own validation, whose problems
/// show on their fields; Start stays disabled while any field has one. Values are taken as typed, never clamped.
/// Closes with the new test's id.
/// </summary>
public sealed partial class NewLoadTestDialog : ComponentBase
{
    private const string FrontEnd = "";
    private string _environment = "";
    private string _target = FrontEnd;
    private string _path = "";
    private string _rate = "300";
    private string _clients = "2";
    private string _duration = "60";
    private string _requests = "";
    private string _rampUp = "0";
    private string _timeout = "5";
    private bool _keepAlive = true;
    private string _deployAt = "20";
    private string _deployVersion = "2.0.0";
    private DeploymentStrategy _strategy;
    // The form starts as the deploy-run preset does, criteria included.
    private List<string> _criteria = [.. LoadTestPreset.DeploymentCriteria];
    private Form _form = new();
    private string? _error;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Inject]
    public required EnvironmentCatalog Catalog { get; init; }

    [Inject]
    public required IOptions<BlueGreenOptions> Options { get; init; }

    [Inject]
    public required LoadTestService Service { get; init; }

    [Inject]
    public required AccessContext Access { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    /// <summary>The path a test sends to when the Path field is left empty.</summary>
    private string DefaultPath => Catalog.Find(_environment)?.LoadPath ?? "/";

    protected override void OnInitialized()
    {
        _environment = Catalog.All.FirstOrDefault()?.Name ?? "";
        Check();
    }

    private void Apply(LoadTestPreset preset)
    {
        _rate = Text(preset.Rate);
        _clients = Text(preset.Clients);
        _duration = preset.DurationSeconds is { } seconds ? Text(seconds) : "";
        _requests = preset.RequestsPerClient is { } requests ? Text(requests) : "";
        _rampUp = Text(preset.RampUpSeconds);
        _keepAlive = preset.KeepAlive;
        _deployAt = preset.DeployAtSeconds is { } at ? Text(at) : "";
        _deployVersion = preset.DeployVersion;
        _target = FrontEnd;
        _criteria = [.. preset.Criteria];
        _error = null;
        Check();
    }

    private void SetCriterion(int index, string text)
    {
        _criteria[index] = text;
        Check();
    }

    private void AddCriterion()
    {
        _criteria.Add("");
        Check();
    }

    private void RemoveCriterion(int index)
    {
        _criteria.RemoveAt(index);
        Check();
    }

    /// <summary>The field name the spec's validation gives the criterion at <paramref name="index"/>.</summary>
    private static string CriterionField(int index) => $"{nameof(LoadTestSpec.Criteria)}[{index}]";

    /// <summary>Reads the fields into a spec and runs its validation (the rules the service applies on Start).</summary>
    private void Check()
    {
        var form = new Form();
        var deploying = _deployAt.Length > 0;
        // A field that cannot be read has its own problem (and Start stays disabled); the spec gets the default in its
        // place, so the other fields are still checked.
        var spec = new LoadTestSpec
        {
            Environment = _environment,
            Target = _target == FrontEnd ? LoadTestTarget.FrontEnd : LoadTestTarget.Server,
            Server = _target == FrontEnd ? null : _target,
            // Empty: the environment's load path; anything typed is taken as it is.
            Path = _path.Length == 0 ? null : _path,
            RatePerClient = form.Number(_rate, nameof(LoadTestSpec.RatePerClient)) ?? 0,
            Clients = (int?)form.Whole(_clients, nameof(LoadTestSpec.Clients), int.MaxValue) ?? 1,
            Duration = Seconds(form.Number(_duration, nameof(LoadTestSpec.Duration), optional: true)),
            RequestsPerClient = form.Whole(_requests, nameof(LoadTestSpec.RequestsPerClient), long.MaxValue, optional: true),
            RampUp = Seconds(form.Number(_rampUp, nameof(LoadTestSpec.RampUp))) ?? TimeSpan.Zero,
            Timeout = Seconds(form.Number(_timeout, nameof(LoadTestSpec.Timeout))) ?? TimeSpan.FromSeconds(5),
            KeepAlive = _keepAlive,
            // The deployment is described only when Deploy at is set; clearing it runs the test without one.
            DeployAt = deploying ? Seconds(form.Number(_deployAt, nameof(LoadTestSpec.DeployAt))) : null,
            DeployVersion = deploying && !string.IsNullOrWhiteSpace(_deployVersion) ? _deployVersion : null,
            DeployStrategy = deploying ? _strategy : null,
            // Taken as typed: an empty or unreadable one is named on its field, never dropped.
            Criteria = CriteriaTexts.From(_criteria),
        };
        form.Add(spec, spec.Validate(Options.Value.LoadTesting, Catalog).Problems);
        _form = form;
    }

    private async Task Start()
    {
        Check();
        if (!_form.CanStart)
        {
            return;
        }
        var spec = _form.Spec!;
        try
        {
            var id = await Access.RunAsync(Permission.LoadTest, "loadtest.start", spec.Environment, null, () => Task.FromResult(Service.Start(spec, Access.Name)));
            Dialog.Close(DialogResult.Ok(id));
        }
        catch (Exception ex) when (ex is LoadTestRejectedException or ArgumentException)
        {
            _error = ex.Message;
        }
        catch (AccessDeniedException ex)
        {
            _error = ex.Message;
            Snackbar.Add($"Not started: {ex.Message}", Severity.Error);
        }
    }

    private void Cancel() => Dialog.Cancel();

    /// <summary>What is wrong with the input of <paramref name="field"/> (a spec property name), or null.</summary>
    private string? ProblemOf(string field) => _form.Problems.Of(field);

    private static TimeSpan? Seconds(double? seconds) => seconds is { } s ? LoadTestSpec.FromSeconds(s) : null;

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// The fields read into a spec: what each input's problem is (by the spec's property name: a typing problem, or
    /// what the spec's validation says of it) and the problems of fields this dialog has no input for.
    /// </summary>
    private sealed class Form
    {
        // The spec's fields shown under another field's input.
        private static readonly Dictionary<string, string> s_shownOn = new(StringComparer.Ordinal)
        {
            [nameof(LoadTestSpec.Server)] = nameof(LoadTestSpec.Target),
            [nameof(LoadTestSpec.LoadBalancer)] = nameof(LoadTestSpec.Target),
        };

        private static readonly HashSet<string> s_inputs =
        [
            nameof(LoadTestSpec.Environment), nameof(LoadTestSpec.Target), nameof(LoadTestSpec.Path), nameof(LoadTestSpec.RatePerClient),
            nameof(LoadTestSpec.Clients), nameof(LoadTestSpec.Duration), nameof(LoadTestSpec.RequestsPerClient), nameof(LoadTestSpec.RampUp),
            nameof(LoadTestSpec.Timeout), nameof(LoadTestSpec.DeployAt), nameof(LoadTestSpec.DeployVersion), nameof(LoadTestSpec.DeployStrategy),
        ];

        public LoadTestSpec? Spec { get; private set; }

        // "Criteria[1].threshold" shows on the input of Criteria[1].
        private static string InputOf(string field)
        {
            var end = field.IndexOf(']', StringComparison.Ordinal);
            return field.StartsWith(CriteriaPrefix, StringComparison.Ordinal) && end > 0 ? field[..(end + 1)] : s_shownOn.GetValueOrDefault(field, field);
        }

        private static bool IsInput(string input) => s_inputs.Contains(input) || input.StartsWith(CriteriaPrefix, StringComparison.Ordinal);

        private const string CriteriaPrefix = $"{nameof(LoadTestSpec.Criteria)}[";

        /// <summary>The problem of each input, keyed by the spec's property name.</summary>
        public FieldProblems Problems { get; } = new();

        /// <summary>Problems of fields without an input here (e.g. the configuration's warm-up or method).</summary>
        public List<string> Others { get; } = [];

        public bool CanStart => Spec is not null && Problems.Count == 0 && Others.Count == 0;

        public double? Number(string text, string field, bool optional = false) => Problems.Number(text, field, optional);

        public long? Whole(string text, string field, long max, bool optional = false) => Problems.Whole(text, field, max, optional);

        /// <summary>Adds the spec's problems to their inputs; an input that could not be read keeps its own.</summary>
        public void Add(LoadTestSpec spec, IEnumerable<LoadTestProblem> problems)
        {
            Spec = spec;
            foreach (var problem in problems)
            {
                var text = $"{problem.Problem} {problem.Fix}";
                var inputs = problem.Field.Split('/').Select(InputOf).ToList();
                if (!inputs.All(IsInput))
                {
                    Others.Add($"{problem.Field}: {text}");
                    continue;
                }
                foreach (var input in inputs)
                {
                    Problems.Add(input, text);
                }
            }
        }
    }
}
