using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlueGreen.Tests.Browser;

/// <summary>
/// An experiment's report in Chromium, on the running dashboard and its lab behind the real HAProxy: a tiny experiment
/// (one level; None and a failing deployment; two runs each) runs to the end through the REST API; on its report page
/// a figure exports as PNG and as SVG (with the whiskers drawn on the bars) from its buttons; the HTML report downloads
/// from its button and opens from disk in a new browser context where every network request is refused, showing the
/// answer, the tables and drawn charts, and prints to a PDF of several pages. Screenshots of the figures, the offline
/// report and the PDF's source page.
/// </summary>
[Collection(HeavyCollection.Name)]
public sealed partial class ReportBrowserTests
{
    private static readonly TimeSpan s_request = TimeSpan.FromSeconds(10);

    private const string Definition = """
        {"name":"tiny report","environment":"lab","levels":[{"name":"low","ratePerClient":50,"clients":1,"durationSeconds":6}],
         "scenarios":[{"kind":"None"},{"kind":"Fail","version":"9.9.9-broken"}],
         "repetitions":2,"deployAtSeconds":2,"cooldownSeconds":1}
        """;

    [Fact]
    public async Task Report_FigureExportsAndTheHtmlReportOfflineAndInPrint()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync();
        await using var dashboard = await DashboardProcess.StartAsync("HaProxy", ct);
        using var http = dashboard.CreateClient(s_request);
        var (id, loadTestId) = await RunTinyExperimentAsync(http, ct);
        var downloads = Integration.TempFolder("report-downloads");
        try
        {
            await CheckReportAsync(browser, dashboard, id, downloads, ct);
        }
        finally
        {
            Directory.Delete(downloads, recursive: true);
        }

        // A run's load test, ended: its own HTML report is offered beside its samples.
        var test = await dashboard.NewPageAsync(browser);
        await BrowserSession.GotoInteractiveAsync(test, $"{dashboard.BaseUrl}/loadtests/{loadTestId}");
        var button = test.Locator("[data-testid=loadtest-header] [data-testid=download-html]");
        await Expect(button).ToBeEnabledAsync();
        await Expect(button).ToHaveAttributeAsync("href", $"api/loadtests/{loadTestId}/report.html");
        await test.GetByTestId("loadtest-header").ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("loadtest-header.png") });
    }

    private static async Task CheckReportAsync(BrowserSession browser, DashboardProcess dashboard, string id, string downloads, CancellationToken ct)
    {
        var page = await dashboard.NewPageAsync(browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 }, AcceptDownloads = true });
        page.SetDefaultTimeout(20_000);
        await BrowserSession.GotoInteractiveAsync(page, $"{dashboard.BaseUrl}/experiments/{id}/report");
        await Expect(page.GetByTestId("runs-completed")).ToHaveTextAsync("4 of 4 runs completed");
        // One level: its error rate, the mean and the maximum per scenario, three box plots; each drawn in the browser.
        var figures = page.GetByTestId("figure-chart");
        await Expect(figures).ToHaveCountAsync(6);
        await Expect(page.Locator("[data-testid=figure-chart][data-ready=true]")).ToHaveCountAsync(6, new() { Timeout = 30_000 });
        var mean = page.Locator("[data-testid=figure-chart][data-figure=mean-response]");
        // Two bars (None, Fail), each with its whisker (two runs each: a 95 % interval) and its value.
        await Expect(mean.Locator(".bg-whiskers .bg-whisker")).ToHaveCountAsync(2);
        await Expect(mean.Locator(".bg-whiskers text.bg-bar-value")).ToHaveCountAsync(2);
        // From the top of the page (a scrolled page repeats its fixed app bar in a full-page shot); the figures clipped
        // out of the whole page, where the app bar cannot cover them.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("report-page-full.png"), FullPage = true });
        var area = await page.GetByTestId("figures").BoundingBoxAsync();
        Assert.NotNull(area);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = BrowserSession.ScreenshotPath("report-figures.png"),
            FullPage = true,
            Clip = new Clip { X = area.X, Y = area.Y, Width = area.Width, Height = area.Height },
        });
        var stem = await page.GetByTestId("download-html").GetAttributeAsync("download");
        Assert.Matches(StemPattern(), stem);
        stem = stem![..^"-report.html".Length];

        // PNG: a real image of some size, named for the experiment and the figure; a toast says it was saved.
        var png = await DownloadAsync(page, mean.GetByTestId("figure-export-png"), downloads);
        Assert.Equal($"{stem}-mean-response.png", png.Name);
        var pngBytes = await File.ReadAllBytesAsync(png.Path, ct);
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], pngBytes[..8]);
        Assert.True(pngBytes.Length > 5 * 1024, $"PNG of {pngBytes.Length} bytes");
        await Expect(page.Locator(".mud-snackbar", new() { HasText = $"Saved {stem}-mean-response.png" })).ToBeVisibleAsync();
        File.Copy(png.Path, BrowserSession.ScreenshotPath("report-figure-export.png"), overwrite: true);

        // SVG: a standalone document with the whiskers as lines.
        var svg = await DownloadAsync(page, mean.GetByTestId("figure-export-svg"), downloads);
        Assert.Equal($"{stem}-mean-response.svg", svg.Name);
        var document = XDocument.Parse(await File.ReadAllTextAsync(svg.Path, ct));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", document.Root!.Name);
        var whiskers = document.Descendants(ns + "g").Single(g => (string?)g.Attribute("class") == "bg-whiskers");
        Assert.Equal(2 * 3, whiskers.Descendants(ns + "line").Count());
        Assert.Contains(document.Descendants(ns + "text"), t => t.Value.StartsWith("Average response time", StringComparison.Ordinal));

        // The HTML report from its button.
        var report = await DownloadAsync(page, page.GetByTestId("download-html"), downloads);
        Assert.Equal($"{stem}-report.html", report.Name);
        await page.CloseAsync();

        // Offline: a new context that refuses every request but the file itself.
        await using var offline = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1200, Height = 900 } });
        var refused = new List<string>();
        await offline.RouteAsync("**/*", route =>
        {
            if (route.Request.Url.StartsWith("file://", StringComparison.Ordinal))
            {
                return route.ContinueAsync();
            }
            lock (refused)
            {
                refused.Add(route.Request.Url);
            }
            return route.AbortAsync();
        });
        var file = await offline.NewPageAsync();
        file.SetDefaultTimeout(20_000);
        await file.GotoAsync(new Uri(report.Path).AbsoluteUri);
        await Expect(file.Locator("#answer li")).ToHaveCountAsync(1);
        await Expect(file.Locator("#answer")).ToContainTextAsync("At low, Fail");
        Assert.True(await file.Locator("#results table").CountAsync() >= 3, "the result tables");
        Assert.True(await file.Locator("#tests table").CountAsync() >= 1, "the p-value tables");
        await Expect(file.Locator("#health table tbody tr")).ToHaveCountAsync(4);
        // Charts drawn inline: visible SVG figures with bars in them.
        var charts = file.Locator("#figures svg[data-figure]:visible");
        Assert.True(await charts.CountAsync() >= 1, "a chart is drawn");
        Assert.True(await charts.First.Locator("rect.bar, rect.box").CountAsync() >= 1, "the chart has bars or boxes");
        var box = await charts.First.BoundingBoxAsync();
        Assert.True(box is { Width: > 200, Height: > 100 }, $"chart box {box?.Width} × {box?.Height}");
        await file.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("report-offline.png"), FullPage = true });
        lock (refused)
        {
            Assert.Empty(refused);
        }

        // Printed: more than one page.
        var pdf = await file.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
        await File.WriteAllBytesAsync(BrowserSession.ScreenshotPath("report-offline.pdf"), pdf, ct);
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString(pdf, 0, 5));
        var pages = PdfPage().Matches(Encoding.Latin1.GetString(pdf)).Count;
        Assert.True(pages > 1, $"the PDF has {pages} page(s)");
    }

    /// <summary>Starts the tiny experiment over REST and waits (bounded) until it has ended; every run completed. Its id,
    /// and the load test of its first run.</summary>
    private static async Task<(string Id, string LoadTestId)> RunTinyExperimentAsync(HttpClient http, CancellationToken ct)
    {
        using var started = await http.PostAsync("/api/experiments", new StringContent(Definition, Encoding.UTF8, "application/json"), ct);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = (await started.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow.AddMinutes(3);
        JsonElement experiment;
        while (true)
        {
            experiment = await http.GetFromJsonAsync<JsonElement>($"/api/experiments/{id}", ct).WaitAsync(s_request, ct);
            if (experiment.GetProperty("state").GetString() is not ("Running" or "Pending"))
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "The tiny experiment did not end within 3 minutes.");
            await Task.Delay(500, ct);
        }
        Assert.Equal("Completed", experiment.GetProperty("state").GetString());
        Assert.All(experiment.GetProperty("runs").EnumerateArray(), r => Assert.Equal("Completed", r.GetProperty("state").GetString()));
        return (id, experiment.GetProperty("runs")[0].GetProperty("loadTestId").GetString()!);
    }

    private static async Task<(string Name, string Path)> DownloadAsync(IPage page, ILocator button, string folder)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => button.ClickAsync(), new() { Timeout = 30_000 });
        var path = Path.Combine(folder, download.SuggestedFilename);
        await download.SaveAsAsync(path).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return (download.SuggestedFilename, path);
    }

    [GeneratedRegex(@"^experiment-tiny-report-\d{8}-\d{4}-report\.html$")]
    private static partial Regex StemPattern();

    /// <summary>A page object of a PDF (<c>/Type /Page</c>, not the <c>/Pages</c> tree).</summary>
    [GeneratedRegex(@"/Type\s*/Page(?![A-Za-z])")]
    private static partial Regex PdfPage();
}
