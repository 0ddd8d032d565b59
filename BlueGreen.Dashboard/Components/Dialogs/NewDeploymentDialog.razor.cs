using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Security;
using BlueGreen.Core.Status;
using BlueGreen.Dashboard.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Dialogs;

/// <summary>Starts a deployment: environment, version, strategy, approval. Closes with the new deployment's id.</summary>
public sealed partial class NewDeploymentDialog : ComponentBase
{
    private string _environment = "";
    private string _version = "";
    private DeploymentStrategy _strategy;
    private bool _requireApproval;
    private DeploymentRecord? _running;
    private string? _error;

    [CascadingParameter]
    public required IMudDialogInstance Dialog { get; set; }

    [Parameter]
    public string? Environment { get; set; }

    [Inject]
    public required EnvironmentCatalog Catalog { get; init; }

    [Inject]
    public required DeploymentEngine Engine { get; init; }

    [Inject]
    public required EnvironmentStatusStore Status { get; init; }

    [Inject]
    public required AccessContext Access { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private bool CanStart => _running is null && VersionName.Validate(_version.Trim()) is null && Catalog.Find(_environment) is not null;

    private bool AlreadyLive => Status.Get(_environment) is { } status
        && status.LiveGroup is LiveGroup.Blue or LiveGroup.Green
        && status.Groups.Any(g => g.Group.ToString() == status.LiveGroup.ToString() && g.Versions.Contains(_version.Trim()));

    protected override void OnInitialized()
    {
        _environment = Environment ?? Catalog.All.FirstOrDefault()?.Name ?? "";
        OnEnvironmentChanged();
    }

    private void OnEnvironmentChanged()
    {
        if (Catalog.Find(_environment) is { } environment)
        {
            _strategy = environment.Deployment.Strategy;
            _requireApproval = environment.Deployment.RequireApproval;
        }
        _running = Engine.Running(_environment);
    }

    private static string? ValidateVersion(string value) => string.IsNullOrEmpty(value) ? null : VersionName.Validate(value.Trim());

    private async Task Start()
    {
        var request = new DeploymentRequest
        {
            Environment = _environment,
            Version = _version.Trim(),
            Strategy = _strategy,
            RequireApproval = _requireApproval,
            RequestedBy = Access.Name,
            Source = "ui",
        };
        try
        {
            var record = await Access.RunAsync(Permission.Deploy, "deployment.start", request.Environment, request.Version, () => Task.FromResult(Engine.Start(request)));
            Dialog.Close(DialogResult.Ok(record.Id));
        }
        catch (DeploymentRejectedException ex)
        {
            _error = ex.Message;
            _running = Engine.Running(_environment);
        }
        catch (AccessDeniedException ex)
        {
            _error = ex.Message;
            Snackbar.Add($"Not started: {ex.Message}", Severity.Error);
        }
    }

    private void Cancel() => Dialog.Cancel();
}
