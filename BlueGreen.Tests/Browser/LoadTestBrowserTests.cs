using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlueGreen.Tests.Browser;

/// <summary>A load test with a deployment during it, watched live in Chromium on the running dashboard.</summary>
[Collection(HeavyCollection.Name)]
public class LoadTestBrowserTests
{
    [Fact]
    public async Task LoadTest_WithDeployAt_ChartsGrowAndPhaseTableShowsDuring()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync();
        await using var dashboard = await DashboardProcess.StartAsync("HaProxy", ct);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var started = await http.PostAsJsonAsync($"{dashboard.BaseUrl}/api/loadtests", new
        {
            environment = "lab", path = "/item", ratePerClient = 100, clients = 2, durationSeconds = 30, deployAtSeconds = 4, deployVersion = "2.0.0",
        }, ct);
        Assert.True(started.StatusCode == System.Net.HttpStatusCode.Accepted, await started.Content.ReadAsStringAsync(ct));
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;

        var page = await browser.NewPageAsync();
        await BrowserSession.GotoInteractiveAsync(page, $"{dashboard.BaseUrl}/loadtests/{id}");
        await Expect(page.Locator(".apexcharts-canvas")).ToHaveCountAsync(3, new() { Timeout = 20_000 });
        var sent = page.Locator("[data-testid=count-sent]");
        await Expect(sent).Not.ToHaveTextAsync("0", new() { Timeout = 10_000 });
        var before = await sent.TextContentAsync();
        await Expect(sent).Not.ToHaveTextAsync(before!, new() { Timeout = 10_000 });

        await Expect(page.Locator("[data-testid=loadtest-state]")).ToHaveAttributeAsync("data-state", "Completed", new() { Timeout = 60_000 });
        await Expect(page.Locator("[data-testid=phase-table] tr[data-phase=During]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(page.Locator("[data-testid=phase-table] tr[data-phase=Before]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("loadtest-deploy-at.png"), FullPage = true });
        // Zero loss through a switch is asserted by LabDeploymentTests, which run alone; here a browser and a
        // dashboard share two cores with the lab, so only what the page shows is checked.
    }
}
