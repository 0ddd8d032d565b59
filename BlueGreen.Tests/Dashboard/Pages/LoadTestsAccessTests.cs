using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Dashboard.Components.Pages;
using BlueGreen.Tests.Dashboard;
using BlueGreen.Tests.LoadTesting;
using BlueGreen.Tests.LoadTesting.Generator;
using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>The Load tests list by role: New load test and Delete disabled for a Viewer, and a delete forced anyway refused and audited.</summary>
public sealed class LoadTestsAccessTests : DashboardTestContext
{
    public LoadTestsAccessTests() : base(LoadTestServiceHarness.Environment(new Uri("http://127.0.0.1:1/")))
    {
        Services.AddSingleton(new LoadGenerator(TimeProvider.System, (_, _) => new FakeRequestSender(static (_, _) => Task.FromResult(RequestOutcome.FromStatus(200, 100)))));
    }

    private LoadTestService Service => Services.GetRequiredService<LoadTestService>();

    /// <summary>A load test that has ended (so it can be deleted), then the page as <paramref name="role"/>.</summary>
    private async Task<(string Id, IRenderedComponent<LoadTests> Page)> RenderWithEndedTestAs(string role)
    {
        var id = Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 1), "tester");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Service.Get(id)?.State == LoadTestState.Running && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Xunit.TestContext.Current.CancellationToken);
        }
        Assert.NotEqual(LoadTestState.Running, Service.Get(id)!.State);
        Authorization.SetAuthorized("dave");
        Authorization.SetRoles(role);
        return (id, Render<LoadTests>());
    }

    [Fact]
    public async Task Viewer_NewAndDeleteDisabled_SayingTheRoleNeeded()
    {
        var (_, page) = await RenderWithEndedTestAs("Viewer");

        AccessAssert.Gated(page, "new-loadtest", "delete-loadtest");
    }

    [Fact]
    public async Task Operator_NewAndDeleteEnabled()
    {
        var (_, page) = await RenderWithEndedTestAs("Operator");

        AccessAssert.Open(page, "new-loadtest", "delete-loadtest");
    }

    [Fact]
    public async Task Viewer_DeleteAnyway_RefusedAuditedAndKept()
    {
        var (id, page) = await RenderWithEndedTestAs("Viewer");
        var toasts = Render<MudSnackbarProvider>();

        // A crafted call: the handler behind the disabled button.
        var delete = page.FindComponents<MudIconButton>().Single(b => b.FindAll("[data-testid=delete-loadtest]").Count == 1);
        await page.InvokeAsync(() => delete.Instance.OnClick.InvokeAsync(new MouseEventArgs()));

        Assert.NotNull(Service.Get(id));
        AccessAssert.DeniedOnly(Services, "dave", "loadtest.delete", Service.Get(id)!.Environment, id);
        toasts.WaitForAssertion(() => Assert.Contains("Not deleted: Needs the Operator role.", toasts.Markup), TimeSpan.FromSeconds(5));
    }
}
