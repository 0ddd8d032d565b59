using System.Text.Json.Serialization;
using BlueGreen.Dashboard.Api;
using BlueGreen.Dashboard.Components;
using MudBlazor.Services;

namespace BlueGreen.Dashboard.Hosting;

public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddBlueGreenDashboard(this IServiceCollection services)
    {
        // Blazor Server with interactive components over the SignalR circuit.
        services.AddRazorComponents().AddInteractiveServerComponents();

        // MudBlazor: dialogs, snackbars, popovers.
        services.AddMudServices();

        // REST API: enums as names, errors as RFC 7807 problem details.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddProblemDetails();
        // Unreadable bodies (malformed JSON, wrong types) answered in one place, naming the field.
        services.AddApiProblems();
        return services;
    }

    public static WebApplication UseBlueGreenDashboard(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseApiProblems();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapHealthEndpoint();
        app.MapEnvironmentsApi();
        app.MapDeploymentsApi();
        app.MapLoadTestsApi();
        app.MapExperimentsApi();
        app.MapReferencesApi();
        app.MapCompareApi();
        app.MapDocsEndpoint();
        return app;
    }
}
