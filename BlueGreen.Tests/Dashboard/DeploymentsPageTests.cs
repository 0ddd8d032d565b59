using BlueGreen.Core.Deployment;
using BlueGreen.Dashboard.Components.Dialogs;
using BlueGreen.Dashboard.Components.Pages;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard;

/// <summary>The Deployments list and the New deployment dialog on the real store and engine.</summary>
public sealed class DeploymentsPageTests : DashboardTestContext
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(5);
    private static readonly DateTimeOffset s_at = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    public DeploymentsPageTests() : base(FourSites())
    {
    }

    private DeploymentStore Deployments => Services.GetRequiredService<DeploymentStore>();

    private DeploymentRecord Save(string id, string version, DeploymentState state, int minutes)
        => Deployments.Save(new DeploymentRecord { Id = id, Environment = "prod", Version = version, State = state, CreatedAt = s_at.AddMinutes(minutes), RequestedBy = "alice" });

    /// <summary>The providers a dialog needs (its selects open popovers), rendered side by side.</summary>
    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Providers() => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
    });

    private static IReadOnlyList<string?> Rows(IRenderedComponent<Deployments> page)
        => page.FindAll("[data-testid=deployments-table] tbody tr [data-testid=deployment-state]").Select(c => c.GetAttribute("data-state")).ToList();

    [Fact]
    public void Render_NewestFirst()
    {
        Save("d1", "1.5.0", DeploymentState.Succeeded, 0);
        Save("d2", "2.0.0", DeploymentState.Failed, 5);

        var page = Render<Deployments>();

        Assert.Equal(["Failed", "Succeeded"], Rows(page));
        Assert.Contains("2.0.0", page.FindAll("[data-testid=deployments-table] tbody tr")[0].TextContent);
    }

    [Fact]
    public void Stream_NewAndChangedDeployments_AppliedWithoutReadingTheStoreAgain()
    {
        var first = Save("d1", "1.5.0", DeploymentState.Updating, 0);
        var page = Render<Deployments>();

        Save("d2", "2.0.0", DeploymentState.Pending, 5);
        Deployments.Save(first with { State = DeploymentState.Aborted });

        page.WaitForAssertion(() => Assert.Equal(["Pending", "Aborted"], Rows(page)), s_patience);
    }

    [Fact]
    public void Empty_SaysHowToStart()
    {
        var page = Render<Deployments>();

        Assert.Contains("No deployments yet", page.Markup);
    }

    [Fact]
    public void Dialog_InvalidVersion_StartDisabledAndTheFieldSaysWhy()
    {
        var provider = Providers();
        var dialogs = Services.GetRequiredService<IDialogService>();

        provider.InvokeAsync(() => dialogs.ShowAsync<NewDeploymentDialog>("New deployment"));
        provider.WaitForAssertion(() => Assert.Single(provider.FindAll("input[data-testid=version-input]")), s_patience);
        provider.Find("input[data-testid=version-input]").Input("1.0;rm -rf /");

        provider.WaitForAssertion(() =>
        {
            Assert.True(provider.Find("[data-testid=start-deployment]").HasAttribute("disabled"));
            Assert.Contains("not a valid version name", provider.Find("input[data-testid=version-input]").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal);
        }, s_patience);
        Assert.Empty(Deployments.List());
    }

    [Fact]
    public void Dialog_AnotherDeploymentHoldsTheEnvironment_SaysWhichAndStartDisabled()
    {
        var engine = Services.GetRequiredService<DeploymentEngine>();
        var gate = Services.GetRequiredService<Core.Switching.EnvironmentLocks>();
        using var claim = gate.Claim("prod", new Core.Switching.EnvironmentOwner(DeploymentEngine.OwnerKind, "d-run", "deployment d-run (2.0.0)"), TimeSpan.Zero);
        Save("d-run", "2.0.0", DeploymentState.Updating, 0);
        var provider = Providers();

        provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<NewDeploymentDialog>("New deployment"));
        provider.WaitForAssertion(() => Assert.Single(provider.FindAll("input[data-testid=version-input]")), s_patience);
        provider.Find("input[data-testid=version-input]").Input("3.0.0");

        // Refused by the engine (the environment is held): the dialog says so and stays open.
        provider.Find("[data-testid=start-deployment]").Click();
        provider.WaitForAssertion(() => Assert.Contains("d-run", provider.Find("[data-testid=start-error]").TextContent), s_patience);
        Assert.Null(engine.Running("prod"));
        Assert.Single(Deployments.List());
    }
}
