using System.Net.Http.Json;
using System.Text.Json;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlueGreen.Tests.Browser;

/// <summary>Deployments through the running dashboard (a real process, its lab behind a real haproxy) in Chromium.</summary>
[Collection(HeavyCollection.Name)]
public class DeploymentBrowserTests
{
    [Fact]
    public async Task NewDeployment_ThroughTheUi_FinishesAndOverviewShowsGreen()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync();
        await using var dashboard = await DashboardProcess.StartAsync("HaProxy", ct);
        var page = await dashboard.NewPageAsync(browser);

        await BrowserSession.GotoInteractiveAsync(page, dashboard.BaseUrl + "/deployments");
        await page.Locator("[data-testid=new-deployment]").ClickAsync();
        var version = page.Locator("input[data-testid=version-input], [data-testid=version-input] input").First;
        await version.FillAsync("2.0.0");
        await Expect(page.Locator("[data-testid=start-deployment]")).ToBeEnabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("new-deployment-dialog.png") });
        await page.Locator("[data-testid=start-deployment]").ClickAsync();

        // Blazor navigates client-side to the detail page, which follows the deployment live until it succeeds.
        await Expect(page.Locator("[data-testid=deployment-header] [data-testid=deployment-state]"))
            .ToHaveAttributeAsync("data-state", "Succeeded", new() { Timeout = 90_000 });
        await Expect(page.Locator("[data-testid=switch-audit] tr[data-lost]")).ToHaveAttributeAsync("data-lost", "0");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("deployment-succeeded.png"), FullPage = true });

        await BrowserSession.GotoInteractiveAsync(page, dashboard.BaseUrl + "/");
        await Expect(page.Locator("[data-testid=live-banner]")).ToHaveAttributeAsync("data-live-group", "Green");
        await Expect(page.Locator("[data-server=c1]")).ToContainTextAsync("2.0.0");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("overview-green.png"), FullPage = true });
    }

    [Fact]
    public async Task Dashboard_KilledMidDeployment_RestartShowsInterruptedAndRollsBack()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync();
        var first = await DashboardProcess.StartAsync("HaProxy", ct);
        first.KeepDataFolder = true;
        using var http = TestAccess.Authorize(new HttpClient { Timeout = TimeSpan.FromSeconds(10) });

        var started = await http.PostAsJsonAsync($"{first.BaseUrl}/api/environments/lab/deployments", new { version = "2.0.0" }, ct);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        // Killed while the new group is watched: traffic has moved, so the restarted dashboard offers a rollback.
        await WaitForStateAsync(http, first.BaseUrl, id, "Watching", ct);

        await first.KillAsync();
        await first.DisposeAsync();
        await using var second = await first.RestartAsync(ct);

        var record = await GetAsync(http, second.BaseUrl, id, ct);
        Assert.Equal("Interrupted", record.GetProperty("state").GetString());
        Assert.Equal("Watching", record.GetProperty("interruptedIn").GetString());
        Assert.Contains("Rollback", record.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));

        var page = await second.NewPageAsync(browser);
        await BrowserSession.GotoInteractiveAsync(page, $"{second.BaseUrl}/deployments/{id}");
        await Expect(page.Locator("[data-testid=interrupted-alert]")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("deployment-interrupted.png"), FullPage = true });
        await page.Locator("[data-testid=rollback]").ClickAsync();
        await page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Roll back" }).ClickAsync();
        await Expect(page.Locator("[data-testid=deployment-header] [data-testid=deployment-state]"))
            .ToHaveAttributeAsync("data-state", "RolledBack", new() { Timeout = 60_000 });

        await Expect(page.Locator("[data-testid=deployment-summary]")).ToContainTextAsync("Rolled back by an operator");
        await Expect(page.Locator("[data-testid=deployment-error]")).ToHaveCountAsync(0);

        await BrowserSession.GotoInteractiveAsync(page, second.BaseUrl + "/");
        await Expect(page.Locator("[data-testid=live-banner]")).ToHaveAttributeAsync("data-live-group", "Blue");
        second.KeepDataFolder = false;
    }

    private static async Task<JsonElement> GetAsync(HttpClient http, string baseUrl, string id, CancellationToken ct)
        => await http.GetFromJsonAsync<JsonElement>($"{baseUrl}/api/deployments/{id}", ct);

    private static async Task WaitForStateAsync(HttpClient http, string baseUrl, string id, string state, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = (await GetAsync(http, baseUrl, id, ct)).GetProperty("state").GetString()!;
            if (last == state)
            {
                return;
            }
            await Task.Delay(50, ct);
        }
        throw new TimeoutException($"Deployment {id} never reached {state}; last {last}.");
    }
}
