using BlueGreen.Core.Deployment;
using BlueGreen.Core.Switching;
using BlueGreen.Dashboard.Components.Dialogs;
using BlueGreen.Tests.Dashboard;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Dialogs;

/// <summary>The New deployment dialog on the real store and engine.</summary>
public sealed class NewDeploymentDialogTests : DashboardTestContext
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(5);

    public NewDeploymentDialogTests() : base(FourSites())
    {
    }

    private DeploymentStore Deployments => Services.GetRequiredService<DeploymentStore>();

    /// <summary>The providers a dialog needs (its selects open popovers), rendered side by side.</summary>
    private IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> Providers() => Render(builder =>
    {
        builder.OpenComponent<MudPopoverProvider>(0);
        builder.CloseComponent();
        builder.OpenComponent<MudDialogProvider>(1);
        builder.CloseComponent();
    });

    [Fact]
    public async Task Dialog_Viewer_StartDisabledSayingTheRoleNeeded_AndForcedStartRefusedAndAudited()
    {
        Authorization.SetAuthorized("frank");
        Authorization.SetRoles("Viewer");
        var provider = Providers();

        await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<NewDeploymentDialog>("New deployment"));
        provider.WaitForAssertion(() => Assert.Single(provider.FindAll("input[data-testid=version-input]")), s_patience);
        provider.Find("input[data-testid=version-input]").Input("2.0.0");

        provider.WaitForAssertion(() => AccessAssert.Gated(provider, "start-deployment"), s_patience);
        // A crafted call: the handler behind the disabled button.
        var start = provider.FindComponents<MudButton>().Single(b => b.FindAll("[data-testid=start-deployment]").Count == 1);
        await provider.InvokeAsync(() => start.Instance.OnClick.InvokeAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs()));

        Assert.Empty(Deployments.List());
        AccessAssert.DeniedOnly(Services, "frank", "deployment.start", "prod", "2.0.0");
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
        var gate = Services.GetRequiredService<EnvironmentLocks>();
        using var claim = gate.Claim("prod", new EnvironmentOwner(DeploymentEngine.OwnerKind, "d-run", "deployment d-run (2.0.0)"), TimeSpan.Zero);
        Deployments.Save(new DeploymentRecord { Id = "d-run", Environment = "prod", Version = "2.0.0", State = DeploymentState.Updating, CreatedAt = DateTimeOffset.UtcNow });
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
