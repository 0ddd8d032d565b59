using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Dialogs;

/// <summary>Starts a load test: target, rate, clients, duration or requests, and an optional deployment at a given
/// second. Closes with the new test's id; the service's validation errors are shown as they come.</summary>
public sealed partial class NewLoadTestDialog : ComponentBase
{
    private const string FrontEnd = "";
    private string _environment = "";
    private string _target = FrontEnd;
    private string _path = "/item";
    private double _rate = 300;
    private int _clients = 2;
    private int? _durationSeconds = 60;
    private long? _requests;
    private int _rampUpSeconds;
    private double _timeoutSeconds = 5;
    private bool _keepAlive = true;
    private int? _deployAtSeconds = 20;
    private string _deployVersion = "2.0.0";
    private DeploymentStrategy _strategy;
    private string? _error;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Inject]
    public required EnvironmentCatalog Catalog { get; init; }

    [Inject]
    public required LoadTestService Service { get; init; }

    protected override void OnInitialized() => _environment = Catalog.All.FirstOrDefault()?.Name ?? "";

    private void Apply(LoadTestPreset preset)
    {
        (_rate, _clients, _durationSeconds, _requests, _rampUpSeconds, _keepAlive, _deployAtSeconds, _deployVersion) =
            (preset.Rate, preset.Clients, preset.DurationSeconds, preset.RequestsPerClient, preset.RampUpSeconds, preset.KeepAlive, preset.DeployAtSeconds, preset.DeployVersion);
        _target = FrontEnd;
        _error = null;
    }

    private void Start()
    {
        try
        {
            var id = Service.Start(new LoadTestSpec
            {
                Environment = _environment,
                Target = _target == FrontEnd ? LoadTestTarget.FrontEnd : LoadTestTarget.Server,
                Server = _target == FrontEnd ? null : _target,
                Path = _path,
                RatePerClient = _rate,
                Clients = _clients,
                Duration = _durationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                RequestsPerClient = _requests,
                RampUp = TimeSpan.FromSeconds(_rampUpSeconds),
                Timeout = TimeSpan.FromSeconds(_timeoutSeconds),
                KeepAlive = _keepAlive,
                DeployAt = _deployAtSeconds is { } at && !string.IsNullOrWhiteSpace(_deployVersion) ? TimeSpan.FromSeconds(at) : null,
                DeployVersion = _deployAtSeconds is not null && !string.IsNullOrWhiteSpace(_deployVersion) ? _deployVersion.Trim() : null,
                DeployStrategy = _strategy,
            }, "operator");
            Dialog.Close(DialogResult.Ok(id));
        }
        catch (Exception ex) when (ex is LoadTestRejectedException or ArgumentException)
        {
            _error = ex.Message;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
