using BlueGreen.Core.LoadTesting;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlueGreen.Tests.Browser;

/// <summary>
/// The dashboard's frame in Chromium on the running lab: at 1440 × 900, 1280 × 800 and 390 × 844 no table is wider than its
/// container on any page of the lab (Overview, Deployments, a deployment, Load tests, a run); dark mode toggles and
/// survives a reload; the favicon is served (no 404 in the console); a manual drain gets a toast whose undo sets the
/// server READY again; screenshots under TestResults/.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed class LayoutBrowserTests
{
    /// <summary>Every table container whose content is wider than it (scrollWidth &gt; clientWidth), as "selector: widths".</summary>
    private const string Clipped = """
        () => [...document.querySelectorAll('.mud-table-container, .mud-simple-table .mud-table-container, table')]
          .map(e => e.tagName === 'TABLE' ? e.parentElement : e)
          .filter(e => e && getComputedStyle(e).overflowX !== 'auto' && getComputedStyle(e).overflowX !== 'scroll' && e.scrollWidth > e.clientWidth + 1)
          .map(e => (e.closest('[data-testid]')?.getAttribute('data-testid') ?? e.className) + ': ' + e.scrollWidth + ' > ' + e.clientWidth)
        """;

    [Fact]
    public async Task EveryLabPage_NoTableWiderThanItsContainer_AtDesktopAndPhoneWidths_DarkModeRemembered()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync();
        await using var dashboard = await DashboardProcess.StartAsync("HaProxy", ct);
        using var http = dashboard.CreateClient();
        // A finished deployment and a finished load test, so their pages and lists have rows.
        var deployment = await StartAndWaitAsync(http, "/api/environments/lab/deployments", "{\"version\":\"2.0.0\"}", "/api/deployments/", "Succeeded", ct);
        var loadTest = await StartAndWaitAsync(http, "/api/loadtests",
            "{\"environment\":\"lab\",\"ratePerClient\":50,\"clients\":1,\"durationSeconds\":3}", "/api/loadtests/", "Completed", ct);

        string[] paths = ["/", "/deployments", $"/deployments/{deployment}", "/loadtests", $"/loadtests/{loadTest}"];
        foreach (var (width, height) in new[] { (1440, 900), (1280, 800), (390, 844) })
        {
            var page = await dashboard.NewPageAsync(browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
            var missing = new List<string>();
            page.Response += (_, r) =>
            {
                if (r.Status == 404)
                {
                    lock (missing)
                    {
                        missing.Add(r.Url);
                    }
                }
            };
            foreach (var path in paths)
            {
                await BrowserSession.GotoInteractiveAsync(page, dashboard.BaseUrl + path);
                await page.WaitForTimeoutAsync(500);
                var clipped = await page.EvaluateAsync<string[]>(Clipped);
                // Each page links its doc.
                Assert.True(await page.GetByTestId("help-link").CountAsync() >= 1, $"{path}: no help link");
                // Nor is the page itself wider than the window (a table may scroll inside its card, never the page).
                var pageWidth = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
                Assert.True(pageWidth[0] <= pageWidth[1] + 1, $"{path} at {width}px: the page is {pageWidth[0]} px wide in a {pageWidth[1]} px window");
                Assert.True(clipped.Length == 0, $"{path} at {width}px: {string.Join("; ", clipped)}");
                // On a phone MudBlazor's tables turn into cards: every cell then needs its column's label.
                if (width < 600)
                {
                    var unlabelled = await page.EvaluateAsync<string[]>("""
                        () => [...document.querySelectorAll('td.mud-table-cell')]
                          .filter(td => !td.hasAttribute('colspan') && !td.dataset.label && td.textContent.trim())
                          .map(td => (td.closest('[data-testid]')?.getAttribute('data-testid') ?? '?') + ': ' + td.textContent.trim().slice(0, 30))
                        """);
                    Assert.True(unlabelled.Length == 0, $"{path} at {width}px, cells without a label: {string.Join("; ", unlabelled)}");
                }
                // The app bar never covers the top of the page's content.
                var bar = await page.Locator(".mud-appbar").BoundingBoxAsync();
                var content = await page.Locator(".mud-main-content .mud-container > *").First.BoundingBoxAsync();
                Assert.True(bar is not null && content is not null && content.Y >= bar.Y + bar.Height - 1,
                    $"{path} at {width}px: content at {content?.Y}, app bar ends at {bar?.Y + bar?.Height}");
                var name = path == "/" ? "overview" : path.Trim('/').Replace('/', '-');
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath($"layout-{width}-{name}.png"), FullPage = true });
            }
            lock (missing)
            {
                Assert.Empty(missing);
            }
            await page.Context.CloseAsync();
        }

        // Dark mode: toggled, remembered across a reload.
        var dark = await dashboard.NewPageAsync(browser);
        await BrowserSession.GotoInteractiveAsync(dark, dashboard.BaseUrl + "/");
        var toggle = dark.GetByTestId("theme-toggle");
        await Expect(toggle).ToHaveAttributeAsync("data-dark", "false");
        var light = await dark.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("data-dark", "true");
        await Expect(dark.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
        await dark.ReloadAsync();
        await Expect(dark.Locator("[data-testid=interactive]")).ToHaveAttributeAsync("data-ready", "true");
        await Expect(dark.GetByTestId("theme-toggle")).ToHaveAttributeAsync("data-dark", "true");
        await Expect(dark.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
        await dark.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("overview-dark.png"), FullPage = true });

        // A manual drain: confirmed, then a toast with its outcome and an undo that sets the server READY again.
        var a1 = dark.Locator("[data-server=a1]");
        await a1.Locator("[data-testid=server-actions] button").First.ClickAsync();
        await dark.GetByTestId("set-drain").ClickAsync();
        await dark.Locator(".mud-dialog button", new() { HasText = "Set DRAIN" }).ClickAsync();
        var toast = dark.Locator(".mud-snackbar", new() { HasText = "a1 set DRAIN on every load balancer of lab" });
        await Expect(toast).ToBeVisibleAsync();
        await Expect(a1).ToHaveAttributeAsync("data-admin", "Drain", new() { Timeout = 5000 });
        await dark.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("overview-drain-toast.png") });
        await toast.GetByRole(AriaRole.Button, new() { Name = "Set READY again" }).ClickAsync();
        await Expect(dark.Locator(".mud-snackbar", new() { HasText = "a1 set READY again" })).ToBeVisibleAsync();
        await Expect(a1).ToHaveAttributeAsync("data-admin", "Ready", new() { Timeout = 5000 });
    }

    private static async Task<string> StartAndWaitAsync(HttpClient http, string path, string body, string itemPath, string state, CancellationToken ct)
    {
        using var started = await http.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), ct);
        var text = await started.Content.ReadAsStringAsync(ct);
        Assert.True(started.IsSuccessStatusCode, text);
        var id = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            using var item = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(itemPath + id, ct));
            if (item.RootElement.GetProperty("state").GetString() == state)
            {
                return id;
            }
            Assert.True(DateTime.UtcNow < deadline, $"{itemPath}{id} did not reach {state}: {item.RootElement}");
            await Task.Delay(500, ct);
        }
    }
}
