using BlueGreen.Core.HaProxy;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlueGreen.Tests.Browser;

/// <summary>The running dashboard (a real process with its lab behind a real haproxy) in a real Chromium.</summary>
[Collection(HeavyCollection.Name)]
public class OverviewBrowserTests
{
    [Fact]
    public async Task Overview_Lab_BlueLiveFourSites_FollowsHaProxyAndStopsCleanly()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync();
        await using var dashboard = await DashboardProcess.StartAsync("HaProxy", ct);
        var labPids = dashboard.LabPids();
        Assert.Equal(5, labPids.Count);

        var page = await dashboard.NewPageAsync(browser);
        await BrowserSession.GotoInteractiveAsync(page, dashboard.BaseUrl + "/");

        // Blue live, four sites, each with its version.
        var banner = page.Locator("[data-testid=live-banner]");
        await Expect(banner).ToHaveAttributeAsync("data-live-group", "Blue");
        await Expect(page.Locator("[data-testid=site-card]")).ToHaveCountAsync(4);
        await Expect(page.Locator("[data-server=a1]")).ToContainTextAsync("1.0.0");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("overview-lab.png"), FullPage = true });

        // The lab's front end serves version 1.0.0.
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) })
        using (var response = await http.GetAsync(dashboard.LabFrontendUrl + "/item", ct))
        {
            Assert.Equal("1.0.0", response.Headers.GetValues("X-App-Version").Single());
        }

        // Changes made on the HAProxy socket directly, outside the dashboard, show up live (no reload).
        var haproxy = new HaProxyLoadBalancer(dashboard.LabSocket, "app", TimeSpan.FromSeconds(3), NullLogger<HaProxyLoadBalancer>.Instance, TimeProvider.System);
        await haproxy.SetServerStateAsync("a1", AdminState.Drain, ct);
        await Expect(page.Locator("[data-server=a1]")).ToHaveAttributeAsync("data-admin", "Drain", new() { Timeout = 3000 });
        await haproxy.SetServerStateAsync("a1", AdminState.Maint, ct);
        await haproxy.SetServerStateAsync("b1", AdminState.Maint, ct);
        await Expect(banner).ToHaveAttributeAsync("data-live-group", "None", new() { Timeout = 3000 });
        await Expect(banner).ToContainTextAsync("NONE");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("overview-lab-none.png"), FullPage = true });

        // SIGTERM stops the dashboard and every lab process.
        var exit = await dashboard.StopAsync(TimeSpan.FromSeconds(40));
        Assert.Equal(0, exit);
        Assert.All(labPids, pid => Assert.False(File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Length > 0, $"lab process {pid} survived:\n{dashboard.Output}"));
    }
}
