using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;
using BlueGreen.Tests.Fakes;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace BlueGreen.Tests.Dashboard;

/// <summary>
/// One bunit context for dashboard components: loose JS interop, MudBlazor services with transitions off, and
/// the real in-memory stores, which the tests fill with data.
/// </summary>
public abstract class DashboardTestContext : BunitContext
{
    protected DashboardTestContext(params EnvironmentOptions[] environments)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        var options = new BlueGreenOptions { Lab = { Enabled = false }, Environments = [.. environments] };
        Services.AddSingleton(Options.Create(options));
        Services.AddSingleton<EnvironmentCatalog>();
        Services.AddSingleton(Store);
        Services.AddSingleton(TimeProvider.System);
        Services.AddLogging();
        Services.AddSingleton<LoadBalancerRegistry>();
        Services.AddSingleton<IRunningDeployments>(RunningDeployments);
        Services.AddSingleton<ServerControl>();
    }

    protected EnvironmentStatusStore Store { get; } = new();

    /// <summary>No deployment runs unless a test says so.</summary>
    protected FakeRunningDeployments RunningDeployments { get; } = new();
}
