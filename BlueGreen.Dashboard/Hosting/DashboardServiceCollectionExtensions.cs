using System.Text.Json.Serialization;
using BlueGreen.Dashboard.Api;
using BlueGreen.Dashboard.Components;
using BlueGreen.Dashboard.Security;
using MudBlazor.Services;

namespace BlueGreen.Dashboard.Hosting;

public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddBlueGreenDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        // Sign-in, roles, tokens, audit (docs/security.md).
        services.AddBlueGreenAccess(configuration);

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
        app.UseBlueGreenAccess();
        app.UseAntiforgery();
        // Styles and scripts are public (the sign-in page needs them); everything else needs a signed-in caller.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapHealthEndpoint();
        app.MapAccountEndpoints();
        // Every REST action is recorded in the audit trail before its result is written.
        var api = app.MapGroup("");
        api.AddEndpointFilter<ApiAuditFilter>();
        api.MapEnvironmentsApi();
        api.MapDeploymentsApi();
        api.MapLoadTestsApi();
        api.MapExperimentsApi();
        api.MapReferencesApi();
        api.MapCompareApi();
        api.MapAuditApi();
        api.MapDiagnosticsEndpoint();
        app.MapDocsEndpoint();
        return app;
    }
}
