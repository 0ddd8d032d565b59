using BlueGreen.Core;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Security;
using BlueGreen.Core.Status;
using BlueGreen.Tests.Infrastructure;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace BlueGreen.Tests.Dashboard;

/// <summary>
/// One bunit context for dashboard components: loose JS interop, MudBlazor services with transitions off, and the
/// real core services (stores, engine, server control; LiteDB in a temp folder; no hosted service started, no lab),
/// which the tests fill with data.
/// </summary>
public abstract class DashboardTestContext : BunitContext
{
    private readonly string _folder = Integration.TempFolder("bunit");

    protected DashboardTestContext(params EnvironmentOptions[] environments)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.SnackbarConfiguration.ShowTransitionDuration = 0);
        Services.AddLogging();
        Services.AddBlueGreenCore(new ConfigurationBuilder().Build());
        // Signed in as an Admin unless a test says otherwise (Authorization.SetRoles("Viewer")).
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("test-admin");
        Authorization.SetRoles(nameof(Role.Admin));
        Services.AddHttpContextAccessor();
        Services.AddScoped<AccessContext>();
        Services.Configure<BlueGreenOptions>(o =>
        {
            o.DataFolder = _folder;
            o.Lab.Enabled = false;
            o.Environments = [.. environments];
        });
    }

    /// <summary>Who the rendered components see as signed in (bunit's fake authentication).</summary>
    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>The status store pages read (resolving it freezes the services: add any of your own first).</summary>
    protected EnvironmentStatusStore Store => Services.GetRequiredService<EnvironmentStatusStore>();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
