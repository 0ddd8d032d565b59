using BlueGreen.Core.Status;
using BlueGreen.Dashboard.Components.Pages;
using BlueGreen.Tests.Dashboard;
using Bunit;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Dashboard.Pages;

public class OverviewTests : DashboardTestContext
{
    public OverviewTests() : base(FourSites())
    {
    }

    private void Publish(params LoadBalancerStatus[] loadBalancers)
        => Store.Publish(EnvironmentStatusBuilder.Build(FourSites(loadBalancers.Length), loadBalancers, Versions, DateTimeOffset.UtcNow));

    [Fact]
    public void Render_BlueLive_ShowsBlueBannerAndFourSites()
    {
        Publish(Reachable("lb1", Read("a1", "b1")));

        var page = Render<Overview>();

        var banner = page.Find("[data-testid=live-banner]");
        Assert.Equal("Blue", banner.GetAttribute("data-live-group"));
        Assert.Contains("BLUE", banner.TextContent);
        Assert.Contains("version 1.0.0", banner.TextContent);
        var sites = page.FindAll("[data-testid=site-card]");
        Assert.Equal(["A", "B", "C", "D"], sites.Select(s => s.GetAttribute("data-site")));
        var a1 = page.Find("[data-server=a1]");
        Assert.Equal("Ready", a1.GetAttribute("data-admin"));
        Assert.Contains("1.0.0", a1.TextContent);
        Assert.Equal("Maint", page.Find("[data-server=c1]").GetAttribute("data-admin"));
    }

    [Fact]
    public void Render_StatusPublishedLater_UpdatesWithoutReload()
    {
        Publish(Reachable("lb1", Read("a1", "b1")));
        var page = Render<Overview>();

        Publish(Reachable("lb1", Read()));

        page.WaitForAssertion(
            () => Assert.Equal("None", page.Find("[data-testid=live-banner]").GetAttribute("data-live-group")),
            TimeSpan.FromSeconds(5));
        Assert.Contains("OUTAGE", page.Find("[data-testid=live-banner]").TextContent);
    }

    [Fact]
    public void Render_LoadBalancerUnreachable_RedAlertAndGreyedLastKnown()
    {
        Publish(Unreachable("lb1", Read("a1", "b1")));

        var page = Render<Overview>();

        var alert = page.Find("[data-testid=lb-error]");
        Assert.Contains("lb1", alert.TextContent);
        Assert.Contains("connection refused", alert.TextContent);
        Assert.Contains("stale", page.Find("[data-server=a1]").ClassName);
        Assert.Contains("last known", page.Find("[data-server=a1]").TextContent);
        Assert.Equal("Unknown", page.Find("[data-testid=live-banner]").GetAttribute("data-live-group"));
    }

    [Fact]
    public void Render_NothingPolledYet_ShowsConfiguredSitesAsUnknown()
    {
        var page = Render<Overview>();

        Assert.Equal("Unknown", page.Find("[data-testid=live-banner]").GetAttribute("data-live-group"));
        Assert.Equal(4, page.FindAll("[data-testid=site-card]").Count);
    }

    [Fact]
    public async Task Dispose_Page_Unsubscribes()
    {
        Render<Overview>();
        Assert.Equal(1, Store.SubscriberCount);

        await DisposeComponentsAsync();

        Assert.Equal(0, Store.SubscriberCount);
    }
}
