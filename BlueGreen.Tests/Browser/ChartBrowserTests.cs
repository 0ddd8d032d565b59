using System.Text.Json;
using System.Xml.Linq;
using BlueGreen.Dashboard.Components.Controls.Charts;
using BlueGreen.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace BlueGreen.Tests.Browser;

/// <summary>
/// wwwroot/js/charts.js's live verbs with the ApexCharts the build restored, in a real Chromium (<see cref="ChartTestPage"/>),
/// called with the config the LiveChart component sends.
/// </summary>
public class ChartBrowserTests
{
    private static readonly TimeSpan s_timeout = ChartTestPage.Timeout;
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task ChartsModule_PushAnnotateExport_DrawsWindowBandsMarkersPngAndSvg()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync().WaitAsync(s_timeout, ct);
        await using var server = await StartServerAsync(ct);
        var page = await OpenTestPageAsync(browser, server);

        var config = Config(window: 60, ChartTimeAxis.Seconds);
        var id = await EvalAsync<int>(page, "json => charts.create(document.getElementById('chart'), JSON.parse(json))", JsonSerializer.Serialize(config, s_json));
        // Annotations before any data: drawn once points arrive.
        await EvalAsync<object>(page, "([id, bands, markers]) => charts.annotate(id, JSON.parse(bands), JSON.parse(markers))", new object[]
        {
            id,
            JsonSerializer.Serialize(new[] { new ChartBand("before", 0, 30), new ChartBand("during", 30, 60, "#fb8c00"), new ChartBand("after", 60) }, s_json),
            JsonSerializer.Serialize(new[] { new ChartMarker("switch", 45), new ChartMarker("rollback", 55, "#d32f2f") }, s_json),
        });

        // 91 seconds, one batch per second as a page would push them, plus a NaN that must be dropped in JS too.
        for (var t = 0; t <= 90; t++)
        {
            var spike = t is >= 45 and <= 55;
            var batch = new[]
            {
                new[] { new[] { (double)t, 200 + 15 * Math.Sin(t / 4.0) } },
                new[] { new[] { (double)t, spike ? 85 + t % 7 : 20 + t % 5 } },
                new[] { new[] { (double)t, spike ? 1.2 : 0 } },
            };
            await EvalAsync<object>(page, "([id, json]) => charts.push(id, JSON.parse(json))", new object[] { id, JsonSerializer.Serialize(batch) });
        }
        await EvalAsync<object>(page, "id => charts.push(id, [[], [[90.5, NaN]], [[Infinity, 1]]])", id);

        // An export draws what is still pending first, so after it the chart shows the newest point.
        // PNG: real PNG bytes, twice the on-screen size.
        var png = Convert.FromBase64String(await EvalAsync<string>(page, "async id => toBase64(await charts.exportPng(id))", id));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        var pngWidth = (png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19];
        Assert.Equal(2 * 960, pngWidth);
        Assert.True(png.Length > 10_000, $"PNG of {png.Length} bytes");
        File.WriteAllBytes(BrowserSession.ScreenshotPath("chart-export.png"), png);

        // Three series, each line through the 61 points of the window (30 to 90 s).
        var paths = await EvalAsync<string[]>(page, "() => [...document.querySelectorAll('#chart .apexcharts-series path.apexcharts-line')].map(p => p.getAttribute('d'))");
        Assert.Equal(3, paths.Length);
        Assert.All(paths, d => Assert.DoesNotContain("NaN", d));
        Assert.All(paths, d => Assert.Equal(61, d.Split('L').Length));
        var legend = await EvalAsync<string[]>(page, "() => [...document.querySelectorAll('#chart .apexcharts-legend-text')].map(e => e.textContent)");
        Assert.Equal(["throughput", "p99 latency", "errors"], legend);

        // The window: 60 s behind the newest point (90), so the x axis starts at 30.
        var xLabels = await EvalAsync<string[]>(page, "() => [...document.querySelectorAll('#chart .apexcharts-xaxis-label')].map(e => e.querySelector('tspan')?.textContent ?? '')");
        var ticks = xLabels.Where(l => l.Length > 0).Select(l => double.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.True(ticks.Min() == 30 && ticks.Max() == 90, $"x ticks {string.Join(", ", xLabels)}");

        // Bands: "before" (0-30) lies left of the window; "during" and the open "after" are drawn. Both markers are.
        var bandLabels = await EvalAsync<string[]>(page, "() => [...document.querySelectorAll('#chart .apexcharts-xaxis-annotations .bg-band-label')].map(e => e.textContent)");
        Assert.Equal(["during", "after"], bandLabels);
        Assert.Equal(2, await EvalAsync<int>(page, "() => document.querySelectorAll('#chart .apexcharts-xaxis-annotations rect.apexcharts-annotation-rect').length"));
        var markerLabels = await EvalAsync<string[]>(page, "() => [...document.querySelectorAll('#chart .apexcharts-xaxis-annotations .bg-marker-label')].map(e => e.textContent)");
        Assert.Equal(["switch", "rollback"], markerLabels);
        Assert.Equal(2, await EvalAsync<int>(page, "() => document.querySelectorAll('#chart .apexcharts-xaxis-annotations line').length"));
        await page.Locator("#chart").ScreenshotAsync(new LocatorScreenshotOptions { Path = BrowserSession.ScreenshotPath("chart-module.png"), Timeout = 10_000 });

        // SVG: a standalone document with the three lines, the annotations and the legend as SVG text.
        var svgText = await EvalAsync<string>(page, "async id => new TextDecoder().decode(await charts.exportSvg(id))", id);
        File.WriteAllText(BrowserSession.ScreenshotPath("chart-export.svg"), svgText);
        var svg = XDocument.Parse(svgText);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(ns + "svg", svg.Root!.Name);
        Assert.Empty(svg.Descendants(ns + "foreignObject"));
        Assert.Equal(3, svg.Descendants(ns + "path").Count(p => HasClass(p, "apexcharts-line")));
        Assert.Contains(svg.Descendants(ns + "text"), t => t.Value == "switch");
        var legendTexts = svg.Descendants(ns + "g").Single(g => HasClass(g, "apexcharts-legend-svg")).Elements(ns + "text").Select(t => t.Value);
        Assert.Equal(["throughput", "p99 latency", "errors"], legendTexts);
        Assert.DoesNotContain(svg.Descendants(), e => HasClass(e, "apexcharts-xcrosshairs"));

        // destroy removes the chart; later pushes to its id are ignored.
        await EvalAsync<object>(page, "id => { charts.destroy(id); charts.push(id, [[[91, 1]]]); }", id);
        Assert.Equal(0, await EvalAsync<int>(page, "() => document.querySelectorAll('#chart .apexcharts-canvas').length"));
    }

    [Fact]
    public async Task ChartsModule_RoundSecondTicks_ShortPhaseNamedUnder_ExportsCarryTheCaption()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync().WaitAsync(s_timeout, ct);
        await using var server = await StartServerAsync(ct);
        var page = await OpenTestPageAsync(browser, server);

        var id = await EvalAsync<int>(page, "json => charts.create(document.getElementById('chart'), JSON.parse(json))", JsonSerializer.Serialize(Config(window: null, ChartTimeAxis.Seconds), s_json));
        await EvalAsync<object>(page, "([id, bands]) => charts.annotate(id, JSON.parse(bands), [])", new object[]
        {
            id, JsonSerializer.Serialize(new[] { new ChartBand("before", 0.3, 20), new ChartBand("during", 20, 20.8, "#fb8c00"), new ChartBand("after", 20.8) }, s_json),
        });
        // Points from 0.3 s (a run's first second rarely starts on a round one) to 37.3 s.
        var batch = new[] { Enumerable.Range(0, 38).Select(t => new[] { t + 0.3, 100.0 }).ToArray() };
        await EvalAsync<object>(page, "([id, json]) => charts.push(id, JSON.parse(json))", new object[] { id, JsonSerializer.Serialize(batch) });
        var png = Convert.FromBase64String(await EvalAsync<string>(page, "async id => toBase64(await charts.exportPng(id))", id));

        // Ticks on round seconds: 0, 10, ..., 40 (not 0.3, 6.47, ...).
        var xLabels = await EvalAsync<string[]>(page, "() => [...document.querySelectorAll('#chart .apexcharts-xaxis-label tspan')].map(e => e.textContent)");
        Assert.Equal(["0", "10", "20", "30", "40"], xLabels);
        // The 0.8 s "during" band is too narrow for its label: named in the legend under the chart instead.
        var bandLabels = await EvalAsync<string[]>(page, "() => [...document.querySelectorAll('#chart .apexcharts-xaxis-annotations .bg-band-label')].map(e => e.textContent).filter(t => t)");
        Assert.Equal(["before", "after"], bandLabels);
        Assert.Equal("during", await EvalAsync<string>(page, "() => document.querySelector('#chart .bg-band-legend').textContent"));

        // Exports with a caption: the lines under the chart, the image taller by them.
        string[] caption = ["lab · lt-20261206-0900 · 2026-12-06 09:00 · 2 × 300/s", "phases: before 0–20 s · during 20–20.8 s · after from 20.8 s"];
        var captioned = Convert.FromBase64String(await EvalAsync<string>(page, "async ([id, lines]) => toBase64(await charts.exportPng(id, 2, lines))", new object[] { id, caption }));
        static int Height(byte[] bytes) => (bytes[20] << 24) | (bytes[21] << 16) | (bytes[22] << 8) | bytes[23];
        Assert.Equal(Height(png) + (2 * 16 * 2) + (8 * 2), Height(captioned));
        File.WriteAllBytes(BrowserSession.ScreenshotPath("chart-export-captioned.png"), captioned);
        var svg = XDocument.Parse(await EvalAsync<string>(page, "async ([id, lines]) => new TextDecoder().decode(await charts.exportSvg(id, lines))", new object[] { id, caption }));
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(caption, svg.Descendants(ns + "g").Single(g => HasClass(g, "bg-caption")).Elements(ns + "text").Select(t => t.Value));
    }

    [Fact]
    public async Task ChartsModule_WholeRunEpochAxis_KeepsEveryPointAndDrawsBurstsOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync().WaitAsync(s_timeout, ct);
        await using var server = await StartServerAsync(ct);
        var page = await OpenTestPageAsync(browser, server);

        var config = Config(window: null, ChartTimeAxis.EpochMilliseconds);
        var id = await EvalAsync<int>(page, "json => charts.create(document.getElementById('chart'), JSON.parse(json))", JsonSerializer.Serialize(config, s_json));

        // 300 pushes in one go (5 minutes of samples at 1 s): the module redraws once for the burst, not 300 times.
        var redraws = await EvalAsync<int>(page, """
            async id => {
              let redraws = 0;
              const observer = new MutationObserver(() => redraws++);
              observer.observe(document.querySelector('#chart .apexcharts-canvas'), { childList: true });
              const start = Date.UTC(2025, 0, 1, 12, 0, 0);
              for (let i = 0; i < 300; i++) {
                charts.push(id, [[[start + i * 1000, 100 + i]], [[start + i * 1000, 10]], [[start + i * 1000, 0]]]);
              }
              await new Promise(r => setTimeout(r, 600));
              observer.disconnect();
              return redraws;
            }
            """, id);
        Assert.InRange(redraws, 1, 4);

        var lastPath = await EvalAsync<string>(page, "() => document.querySelector('#chart .apexcharts-series path.apexcharts-line').getAttribute('d')");
        Assert.True(lastPath.Split('L').Length >= 299, "every point of the run is drawn");
        var xLabels = await EvalAsync<string[]>(page, "() => [...document.querySelectorAll('#chart .apexcharts-xaxis-label')].map(e => e.querySelector('tspan')?.textContent ?? '')");
        Assert.Contains(xLabels, l => l.Contains(':', StringComparison.Ordinal));
        await page.Locator("#chart").ScreenshotAsync(new LocatorScreenshotOptions { Path = BrowserSession.ScreenshotPath("chart-module-epoch.png"), Timeout = 10_000 });
    }

    private static ChartConfig Config(double? window, ChartTimeAxis timeAxis) => new()
    {
        Title = "Load test: throughput, latency, errors",
        Height = 360,
        TimeAxis = timeAxis,
        Window = window,
        MaxPoints = 100_000,
        RedrawIntervalMs = 100,
        Series =
        [
            new ChartSeries("throughput", "req/s"),
            new ChartSeries("p99 latency", "ms"),
            new ChartSeries("errors", "%", Color: "#d32f2f"),
        ],
    };

    private static bool HasClass(XElement element, string cssClass)
        => ((string?)element.Attribute("class") ?? "").Split(' ').Contains(cssClass);

    private static Task<T> EvalAsync<T>(IPage page, string script, object? arg = null) => ChartTestPage.EvalAsync<T>(page, script, arg);

    private static Task<IPage> OpenTestPageAsync(BrowserSession browser, WebApplication server) => ChartTestPage.OpenAsync(browser, server);

    private static Task<WebApplication> StartServerAsync(CancellationToken cancellationToken) => ChartTestPage.StartServerAsync(cancellationToken);
}
