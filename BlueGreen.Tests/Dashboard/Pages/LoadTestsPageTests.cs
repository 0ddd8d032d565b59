using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Dashboard.Components.Pages;
using BlueGreen.Tests.Dashboard;
using BlueGreen.Tests.LoadTesting;
using BlueGreen.Tests.LoadTesting.Generator;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>
/// The Load tests list on the real service (the context's core services; requests answered at once by a fake
/// sender): rows appear, count and end from the stream's list rows, and go when deleted.
/// </summary>
public sealed class LoadTestsPageTests : DashboardTestContext, IAsyncLifetime
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    public LoadTestsPageTests() : base(LoadTestServiceHarness.Environment(new Uri("http://127.0.0.1:1/")))
    {
        Services.AddSingleton(new LoadGenerator(TimeProvider.System, (_, _) => new FakeRequestSender(static (_, _) => Task.FromResult(RequestOutcome.FromStatus(200, 100)))));
    }

    private LoadTestService Service => Services.GetRequiredService<LoadTestService>();

    private static string? Cell(IRenderedComponent<LoadTests> page, string testId) => page.FindAll($"[data-testid=loadtests-table] tbody tr [data-testid={testId}]").FirstOrDefault()?.TextContent.Trim();

    [Fact]
    public void Started_RowAppearsCountsAndEndsWithoutReload()
    {
        var page = Render<LoadTests>();
        Assert.Contains("No load tests yet", page.Markup);

        var id = Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 2), "tester");

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Completed", page.Find("[data-testid=loadtests-table] tbody tr").TextContent);
            Assert.Equal("100 / 0 / 0", Cell(page, "counts"));
        }, s_patience);
        Assert.Equal(id, Service.List().Single().Id);
        Assert.Equal("–", Cell(page, "during-loss"));
    }

    [Fact]
    public void Deleted_RowGoes()
    {
        var id = Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 1), "tester");
        var page = Render<LoadTests>();
        page.WaitForAssertion(() => Assert.Contains("Completed", page.Find("[data-testid=loadtests-table] tbody tr").TextContent), s_patience);

        Service.Delete(id);

        page.WaitForAssertion(() => Assert.Contains("No load tests yet", page.Markup), s_patience);
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await Service.StopAsync(CancellationToken.None).WaitAsync(s_patience);
        await base.DisposeAsync();
    }
}
