using BlueGreen.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BlueGreen.Tests.Browser;

/// <summary>
/// An experiment from the UI, in Chromium on the running dashboard and its lab (real HAProxy): the operator builds a
/// tiny one from scratch (one level, None and Success, one run each, 6-s runs), starts it, watches its matrix fill in
/// with the current run's charts, and opens its report. Screenshots of the list, live and report pages at 1440 × 900.
/// </summary>
[Collection(HeavyCollection.Name)]
public class ExperimentBrowserTests
{
    [Fact]
    public async Task TinyExperiment_FromScratch_CellsFillInAndTheReportOpens()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync();
        await using var dashboard = await DashboardProcess.StartAsync("HaProxy", ct);
        var page = await dashboard.NewPageAsync(browser, new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        page.SetDefaultTimeout(20_000);

        await BrowserSession.GotoInteractiveAsync(page, $"{dashboard.BaseUrl}/experiments");
        await page.GetByTestId("new-experiment").ClickAsync();
        await page.WaitForURLAsync("**/experiments/new", new() { Timeout = 10_000 });
        await page.Locator(".mud-tab", new() { HasText = "From scratch" }).ClickAsync();
        await page.Locator("input[data-testid=name-input]").FillAsync("tiny");
        await page.Locator("input[data-testid=level-0-rate]").FillAsync("50");
        await page.Locator("input[data-testid=level-0-duration]").FillAsync("6");
        await page.GetByTestId("scenario-2-remove").ClickAsync();
        await page.Locator("input[data-testid=repetitions-input]").FillAsync("1");
        await page.Locator("input[data-testid=deploy-at-input]").FillAsync("2");
        await page.Locator("input[data-testid=cooldown-input]").FillAsync("1");
        // The baseline is left blank: in the lab that is its initial version.
        await Expect(page.GetByTestId("estimate")).ToContainTextAsync("2 runs");
        await Expect(page.GetByTestId("start-experiment")).ToBeEnabledAsync();
        await page.GetByTestId("start-experiment").ClickAsync();
        await page.WaitForURLAsync("**/experiments/ex-*", new() { Timeout = 10_000 });

        var cells = page.GetByTestId("matrix-cell");
        await Expect(cells).ToHaveCountAsync(2);
        // The current run's load test is drawn live by the three charts.
        await Expect(page.Locator("[data-testid=current-run] .apexcharts-canvas")).ToHaveCountAsync(3, new() { Timeout = 30_000 });
        var none = page.Locator("[data-testid=matrix-cell][data-scenario=None]");
        var success = page.Locator("[data-testid=matrix-cell][data-scenario=Success]");
        await Expect(none).ToHaveAttributeAsync("data-ended", "1", new() { Timeout = 60_000 });
        await Expect(none.GetByTestId("cell-error")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^errors \d+\.\d{3} %$"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("experiment-live.png") });

        await Expect(success).ToHaveAttributeAsync("data-ended", "1", new() { Timeout = 90_000 });
        await Expect(page.Locator("[data-testid=experiment-header] [data-testid=experiment-state]")).ToHaveAttributeAsync("data-state", "Completed", new() { Timeout = 30_000 });
        Assert.Equal(["0", "0"], await cells.EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.failed)"));
        // The Success run deployed 2.0.0 through the engine; its outcome and its load test are linked from the run.
        await Expect(page.Locator("[data-testid=runs-table] [data-testid=run-deployment] [data-testid=deployment-state]")).ToHaveAttributeAsync("data-state", "Succeeded");
        await Expect(page.GetByTestId("run-loadtest")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("experiment-completed.png"), FullPage = true });

        await page.GetByTestId("open-report").ClickAsync();
        await page.WaitForURLAsync("**/experiments/ex-*/report", new() { Timeout = 10_000 });
        await Expect(page.GetByTestId("answer")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("answer")).ToContainTextAsync("At low, Success");
        await Expect(page.GetByTestId("result-table")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("pvalue-table")).ToHaveCountAsync(3);
        await Expect(page.Locator("[data-testid=result-table][data-metric=ErrorRatePercent] [data-testid=ours]")).ToHaveCountAsync(2);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("experiment-report.png") });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("experiment-report-full.png"), FullPage = true });

        await BrowserSession.GotoInteractiveAsync(page, $"{dashboard.BaseUrl}/experiments");
        await Expect(page.GetByTestId("progress-count")).ToHaveTextAsync("2 / 2");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = BrowserSession.ScreenshotPath("experiments-list.png") });
    }
}
