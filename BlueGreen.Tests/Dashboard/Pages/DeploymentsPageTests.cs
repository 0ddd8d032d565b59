using BlueGreen.Core.Deployment;
using BlueGreen.Dashboard.Components.Pages;
using BlueGreen.Tests.Dashboard;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>The Deployments list on the real store: newest first, changes applied from the stream.</summary>
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
    public void Render_SwitchTimeLostAndTheReleases()
    {
        var at = s_at.AddMinutes(1);
        Deployments.Save(new DeploymentRecord
        {
            Id = "d1", Environment = "prod", Version = "2.0.0", PreviousVersion = "1.0.0", FromGroup = BlueGreen.Core.Environments.SiteGroup.Blue,
            ToGroup = BlueGreen.Core.Environments.SiteGroup.Green, State = DeploymentState.Succeeded, CreatedAt = s_at, SwitchedAt = at, RequestedBy = "alice",
            SwitchAudits = [new BlueGreen.Core.Switching.SwitchAudit { LoadBalancer = "lb1", StartedAt = at, FinishedAt = at.AddMilliseconds(1250), Http5xx = 2 }],
        });
        Save("d2", "2.1.0", DeploymentState.Failed, 5);

        var page = Render<Deployments>();

        var rows = page.FindAll("[data-testid=deployments-table] tbody tr");
        Assert.Equal(["–", "1.25 s"], rows.Select(r => r.QuerySelector("[data-testid=switch-time]")!.TextContent.Trim()));
        Assert.Equal(["–", "2"], rows.Select(r => r.QuerySelector("[data-testid=switch-lost]")!.TextContent.Trim()));
        // One release on prod (the failed deployment never served), live now, by alice.
        var release = Assert.Single(page.FindAll("[data-testid=releases][data-environment=prod] [data-testid=release]"));
        Assert.Equal("true", release.GetAttribute("data-live"));
        Assert.Contains("2.0.0", release.TextContent);
        Assert.Contains("Green", release.TextContent);
        Assert.Contains("alice", release.TextContent);
        Assert.Contains("live now", release.TextContent);
    }

    [Fact]
    public void Empty_SaysHowToStart()
    {
        var page = Render<Deployments>();

        Assert.Contains("No deployments yet", page.Markup);
    }
}
