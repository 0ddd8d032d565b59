using BlueGreen.Core.Deployment;
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
    public async Task Criteria_VerdictColumnPassedFailedOrDash()
    {
        var page = Render<LoadTests>();
        var failing = Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 1) with { Criteria = ["loss <= 0 %", "throughput >= 100000/s"] }, "tester");
        await WaitEndedAsync(failing);
        var passing = Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 1) with { Criteria = ["loss <= 0 %"] }, "tester");
        await WaitEndedAsync(passing);
        var none = Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 1), "tester");
        await WaitEndedAsync(none);

        page.WaitForAssertion(() => Assert.Equal(
            ["None", "Passed", "Failed"],
            page.FindAll("[data-testid=loadtests-table] tbody tr [data-testid=verdict-cell] [data-testid=verdict]").Select(v => v.GetAttribute("data-verdict"))), s_patience);
        var failed = page.FindAll("[data-testid=loadtests-table] tbody tr [data-testid=verdict]")[2];
        Assert.Equal("failed: throughput >= 100000/s", failed.GetAttribute("title"));
        Assert.Equal("–", page.FindAll("[data-testid=verdict-cell]")[0].TextContent.Trim());
    }

    [Fact]
    public void DeploymentOutcome_RolledBackBesideTheLoss_NotLikeACleanRun()
    {
        var deployments = Services.GetRequiredService<DeploymentStore>();
        deployments.Save(new DeploymentRecord { Id = "d-bad", Environment = "test", Version = "3.0.0-broken", State = DeploymentState.RolledBack });
        deployments.Save(new DeploymentRecord { Id = "d-good", Environment = "test", Version = "2.0.0", State = DeploymentState.Succeeded });
        var store = Services.GetRequiredService<LoadTestStore>();
        store.Save(EndedWithDeployment("lt-good", "d-good", TestSamples.RunStart));
        store.Save(EndedWithDeployment("lt-bad", "d-bad", TestSamples.RunStart.AddMinutes(1)));

        var page = Render<LoadTests>();

        var rows = page.FindAll("[data-testid=loadtests-table] tbody tr");
        Assert.Equal(["RolledBack", "Succeeded"], rows.Select(r => r.QuerySelector("[data-testid=during-loss] [data-testid=deployment-state]")?.GetAttribute("data-state")));
        Assert.All(rows, r => Assert.StartsWith("0 %", r.QuerySelector("[data-testid=during-loss]")!.TextContent.Trim(), StringComparison.Ordinal));

        // A later change of the deployment (here: resolved by an operator) follows without a reload.
        deployments.Save(new DeploymentRecord { Id = "d-bad", Environment = "test", Version = "3.0.0-broken", State = DeploymentState.Resolved });

        page.WaitForAssertion(() => Assert.Equal("Resolved",
            page.Find("[data-testid=loadtests-table] tbody tr [data-testid=deployment-state]").GetAttribute("data-state")), s_patience);
    }

    /// <summary>An ended test whose During phase is deployment <paramref name="deploymentId"/>'s, with nothing lost.</summary>
    private static LoadTestRecord EndedWithDeployment(string id, string deploymentId, DateTimeOffset createdAt)
    {
        return new LoadTestRecord
        {
            Id = id,
            Environment = "test",
            State = LoadTestState.Completed,
            CreatedAt = createdAt,
            StartedAt = createdAt,
            EndedAt = createdAt.AddSeconds(10),
            Settings = LoadTestServiceHarness.Spec(rate: 100, clients: 1, seconds: 10),
            PhaseDeploymentId = deploymentId,
            Result = TestSamples.Result(TestSamples.TenQuietSeconds(), TestSamples.Started(3), TestSamples.Ended(6)),
        };
    }

    private async Task WaitEndedAsync(string id)
    {
        var deadline = DateTime.UtcNow + s_patience;
        // Until the service let go of it (after storing its end), so the next start is not refused as a second one.
        while (Service.RunningIds.Contains(id) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Xunit.TestContext.Current.CancellationToken);
        }
        Assert.NotEqual(LoadTestState.Running, Service.Get(id)?.State);
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
