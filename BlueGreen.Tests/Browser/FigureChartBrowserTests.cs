using System.Text.Json;
using System.Xml.Linq;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Reports;
using BlueGreen.Dashboard.Components.Controls.Charts;
using BlueGreen.Tests.Dashboard.Pages;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Playwright;

namespace BlueGreen.Tests.Browser;

/// <summary>
/// The chart module's figure verbs in a real Chromium (<see cref="ChartTestPage"/>), fed the configs FigureChart sends
/// for the figures of a known paper-002 report: grouped bars with whiskers drawn on ApexCharts' own bars and carried
/// by its exports, the paper's series switched on and off (the axis follows), box plots side by side, and lines with
/// TIPHON bands. Screenshots of each for a look.
/// </summary>
[Collection(HeavyCollection.Name)]
public class FigureChartBrowserTests
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);
    private static readonly XNamespace s_svg = "http://www.w3.org/2000/svg";

    private static IReadOnlyList<Figure> Figures()
    {
        var report = ExperimentReportBuilder.Build(ExperimentTestData.Paper002("ex-1"), TiphonOptions.Default);
        return ExperimentFigures.Build(report, TiphonOptions.Default);
    }

    private static string Json(Figure figure, bool showReference) => JsonSerializer.Serialize(FigureChartConfig.From(figure, showReference, 380), s_json);

    private static Task<T> EvalAsync<T>(IPage page, string script, object? arg = null) => ChartTestPage.EvalAsync<T>(page, script, arg);

    // Every bar ApexCharts drew, with the whisker and the value label drawn on it (null when none), in page pixels.
    private const string BarsScript = """
        () => {
          const root = document.querySelector('#chart');
          const bars = [...root.querySelectorAll('.apexcharts-bar-series .apexcharts-series')].flatMap(s =>
            [...s.querySelectorAll('path.apexcharts-bar-area')].map(p => {
              const box = p.getBBox();
              return { index: Number(s.getAttribute('data:realIndex')), j: Number(p.getAttribute('j')),
                       fill: p.getAttribute('fill'), cx: box.x + box.width / 2, top: box.y, width: box.width };
            }));
          const whiskers = [...root.querySelectorAll('.bg-whiskers .bg-whisker')].map(g => {
            const [stem, lowCap, highCap] = [...g.querySelectorAll('line')].map(l => ({
              x1: Number(l.getAttribute('x1')), y1: Number(l.getAttribute('y1')), x2: Number(l.getAttribute('x2')), y2: Number(l.getAttribute('y2')) }));
            return { series: g.dataset.series, category: g.dataset.category, stem, lowCap, highCap };
          });
          const labels = [...root.querySelectorAll('.bg-whiskers text.bg-bar-value')].map(t => ({ x: Number(t.getAttribute('x')), text: t.textContent }));
          const yLabels = [...root.querySelectorAll('.apexcharts-yaxis-label')].map(t => Number(t.textContent.replace(/,/g, '')));
          return JSON.stringify({ bars, whiskers, labels, yTop: Math.max(...yLabels) });
        }
        """;

    private static async Task<Drawn> DrawnAsync(IPage page)
        => JsonSerializer.Deserialize<Drawn>(await EvalAsync<string>(page, BarsScript), s_json)!;

    private sealed record Bar(int Index, int J, string Fill, double Cx, double Top, double Width);

    private sealed record Line(double X1, double Y1, double X2, double Y2);

    private sealed record Whisker(string Series, string Category, Line Stem, Line LowCap, Line HighCap);

    private sealed record Label(double X, string Text);

    private sealed record DrawnBox(string Series, string Category, Line Stem, Line MaxCap, Line Median, double BoxTop, double BoxBottom, double? BarTop, double? BarCx);

    private sealed record Drawn(Bar[] Bars, Whisker[] Whiskers, Label[] Labels, double YTop);

    [Fact]
    public async Task Figure_BarsWithWhiskers_OnApexBarsInExportsAndThePapersSeriesSwitchable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync().WaitAsync(ChartTestPage.Timeout, ct);
        await using var server = await ChartTestPage.StartServerAsync(ct);
        var page = await ChartTestPage.OpenAsync(browser, server);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);
        var figure = Figures().Single(f => f.Id == "mean-response");
        var ours = figure.Series.Where(s => !s.IsReference).ToList();

        // Ours only: three scenarios × three levels, each bar with its whisker and its value.
        var id = await EvalAsync<int>(page, "json => charts.figure(document.getElementById('chart'), JSON.parse(json))", Json(figure, showReference: false));
        var drawn = await DrawnAsync(page);
        Assert.Equal(9, drawn.Bars.Length);
        Assert.Equal(9, drawn.Whiskers.Length);
        Assert.Equal([0, 1, 2], drawn.Bars.Select(b => b.Index).Distinct().Order());
        foreach (var bar in drawn.Bars)
        {
            var point = ours[bar.Index].Points[bar.J];
            var whisker = drawn.Whiskers.Single(w => w.Series == ours[bar.Index].Name && w.Category == figure.Categories[bar.J]);
            // On the bar's centre, vertical, capped at both ends.
            Assert.Equal(bar.Cx, whisker.Stem.X1, 1);
            Assert.Equal(bar.Cx, whisker.Stem.X2, 1);
            Assert.Equal(whisker.Stem.Y1, whisker.LowCap.Y1, 1);
            Assert.Equal(whisker.Stem.Y2, whisker.HighCap.Y1, 1);
            Assert.True(whisker.HighCap.X2 - whisker.HighCap.X1 > 2);
            // The interval is symmetric around the mean (Student t), so the stem's middle is the bar's top: the whisker
            // is on the axis ApexCharts drew the bar on. Its length is the interval's width on that axis.
            Assert.Equal(bar.Top, (whisker.Stem.Y1 + whisker.Stem.Y2) / 2, 0.6);
            var pixelsPerMs = (whisker.Stem.Y1 - whisker.Stem.Y2) / (point.High!.Value - point.Low!.Value);
            Assert.Equal(bar.Top, whisker.Stem.Y1 - (point.Y!.Value - point.Low.Value) * pixelsPerMs, 0.6);
            Assert.Contains(drawn.Labels, l => Math.Abs(l.X - bar.Cx) < 0.5 && l.Text == point.Y.Value.ToString(point.Y.Value >= 10 ? "0.#" : "0.##", System.Globalization.CultureInfo.InvariantCulture));
        }
        // The axis reaches above the highest whisker, which ApexCharts alone would not count.
        Assert.True(drawn.YTop >= ours.SelectMany(s => s.Points).Max(p => p.High!.Value), $"y axis top {drawn.YTop}");
        var oursTop = drawn.YTop;
        await page.Locator("#chart").ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("figure-bars-ours.png"), Timeout = 10_000 });

        // The paper beside ours: three more series, hatched in the colour of the scenario they match; the axis grows to
        // the paper's seconds. Whiskers for every bar that has an interval.
        await EvalAsync<object>(page, "([id, json]) => charts.updateFigure(id, JSON.parse(json))", new object[] { id, Json(figure, showReference: true) });
        var withPaper = await DrawnAsync(page);
        Assert.Equal(18, withPaper.Bars.Length);
        var paperBars = withPaper.Bars.Where(b => figure.Series[b.Index].IsReference).ToList();
        Assert.Equal(9, paperBars.Count);
        Assert.All(paperBars, b => Assert.StartsWith("url(#", b.Fill));
        Assert.All(withPaper.Bars.Except(paperBars), b => Assert.StartsWith("rgba(", b.Fill));
        Assert.Equal(figure.Series.SelectMany(s => s.Points).Count(p => p.Low is not null), withPaper.Whiskers.Length);
        Assert.True(withPaper.YTop >= figure.Series.Where(s => s.IsReference).SelectMany(s => s.Points).Max(p => p.High ?? p.Y ?? 0), $"y axis top {withPaper.YTop}");
        Assert.True(withPaper.YTop > 100 * oursTop);
        await page.Locator("#chart").ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("figure-bars-paper.png"), Timeout = 10_000 });
        var hatchedSvg = XDocument.Parse(await EvalAsync<string>(page, "async id => new TextDecoder().decode(await charts.exportSvg(id))", id));
        Assert.NotEmpty(hatchedSvg.Descendants(s_svg + "pattern"));

        // Switched off again: the axis is ours again.
        await EvalAsync<object>(page, "([id, json]) => charts.updateFigure(id, JSON.parse(json))", new object[] { id, Json(figure, showReference: false) });
        Assert.Equal(oursTop, (await DrawnAsync(page)).YTop);

        // Both exports carry the whiskers: the SVG as lines, the PNG as pixels of a real image.
        var svg = XDocument.Parse(await EvalAsync<string>(page, "async id => new TextDecoder().decode(await charts.exportSvg(id))", id));
        Assert.Equal(s_svg + "svg", svg.Root!.Name);
        var whiskers = svg.Descendants(s_svg + "g").Single(g => (string?)g.Attribute("class") == "bg-whiskers");
        Assert.Equal(27, whiskers.Descendants(s_svg + "line").Count());
        Assert.Contains(svg.Descendants(s_svg + "text"), t => t.Value == figure.Title);
        var png = Convert.FromBase64String(await EvalAsync<string>(page, "async id => toBase64(await charts.exportPng(id))", id));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        File.WriteAllBytes(BrowserSession.ScreenshotPath("figure-bars-export.png"), png);

        await EvalAsync<object>(page, "id => charts.destroy(id)", id);
        Assert.Equal(0, await EvalAsync<int>(page, "() => document.querySelectorAll('#chart .apexcharts-canvas').length"));
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Figure_BoxesLinesAndTimeSeries_SideBySideBoxesTiphonBandsAndPhases()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var browser = await BrowserSession.LaunchAsync().WaitAsync(ChartTestPage.Timeout, ct);
        await using var server = await ChartTestPage.StartServerAsync(ct);
        var page = await ChartTestPage.OpenAsync(browser, server);
        var errors = new List<string>();
        page.PageError += (_, e) => errors.Add(e);

        // Boxes: one per scenario side by side in each level, each on the (invisible) bar ApexCharts drew to its maximum.
        var boxes = Figures().Single(f => f.Kind == FigureKind.Boxes && f.Id == "box-average-response-time");
        var id = await EvalAsync<int>(page, "json => charts.figure(document.getElementById('chart'), JSON.parse(json))", Json(boxes, showReference: false));
        var drawnBoxes = JsonSerializer.Deserialize<DrawnBox[]>(await EvalAsync<string>(page, """
            () => JSON.stringify([...document.querySelectorAll('#chart .bg-boxes .bg-box')].map(g => {
              const [stem, minCap, maxCap, median] = [...g.querySelectorAll('line')].map(l => ({
                x1: Number(l.getAttribute('x1')), y1: Number(l.getAttribute('y1')), x2: Number(l.getAttribute('x2')), y2: Number(l.getAttribute('y2')) }));
              const rect = g.querySelector('rect');
              const bar = [...document.querySelectorAll('#chart .apexcharts-bar-series .apexcharts-series')]
                .find(s => s.getAttribute('data:realIndex') === String(['None', 'Success', 'Fail'].indexOf(g.dataset.series)))
                ?.querySelectorAll('path.apexcharts-bar-area')[['Low', 'Medium', 'High'].indexOf(g.dataset.category)]?.getBBox();
              return { series: g.dataset.series, category: g.dataset.category, stem, maxCap, median,
                       boxTop: Number(rect.getAttribute('y')), boxBottom: Number(rect.getAttribute('y')) + Number(rect.getAttribute('height')),
                       barTop: bar ? bar.y : null, barCx: bar ? bar.x + bar.width / 2 : null };
            }))
            """), s_json)!;
        await page.Locator("#chart").ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("figure-boxes.png"), Timeout = 10_000 });
        Assert.Equal(9, drawnBoxes.Length);
        foreach (var level in boxes.Categories)
        {
            var row = drawnBoxes.Where(b => b.Category == level).ToList();
            Assert.Equal(["None", "Success", "Fail"], row.Select(b => b.Series));
            Assert.True(row[0].Stem.X1 < row[1].Stem.X1 && row[1].Stem.X1 < row[2].Stem.X1, $"side by side at {level}");
        }
        foreach (var box in drawnBoxes)
        {
            var stats = boxes.Series.Single(s => s.Name == box.Series).Points[boxes.Categories.ToList().IndexOf(box.Category)].Box!;
            // The maximum is the top of the bar ApexCharts drew, on its centre; then q3 above the median above q1 above the minimum.
            Assert.Equal(box.BarTop!.Value, box.MaxCap.Y1, 0.6);
            Assert.Equal(box.BarCx!.Value, box.Stem.X1, 0.6);
            Assert.True(box.Stem.Y1 > box.BoxBottom && box.BoxBottom > box.Median.Y1 && box.Median.Y1 > box.BoxTop && box.BoxTop > box.MaxCap.Y1);
            // Linear: the median sits where its value puts it between the minimum and the maximum.
            var expected = box.Stem.Y1 + (box.MaxCap.Y1 - box.Stem.Y1) * (stats.Median - stats.Min) / (stats.Max - stats.Min);
            Assert.Equal(expected, box.Median.Y1, 0.6);
        }
        await EvalAsync<object>(page, "([id, json]) => charts.updateFigure(id, JSON.parse(json))", new object[] { id, Json(boxes, showReference: true) });
        // The paper's boxes hatched beside ours.
        Assert.Equal(18, await EvalAsync<int>(page, "() => document.querySelectorAll('#chart .bg-boxes .bg-box').length"));
        Assert.Equal(9, await EvalAsync<int>(page, "() => [...document.querySelectorAll('#chart .bg-boxes .bg-box rect')].filter(r => r.getAttribute('fill').startsWith('url(#bg-hatch-')).length"));
        await page.Locator("#chart").ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("figure-boxes-paper.png"), Timeout = 10_000 });
        await EvalAsync<object>(page, "id => charts.destroy(id)", id);

        // Every run the same 0 % (the lab's error rates): flat boxes on the axis, still drawn and labelled.
        var zeros = new Figure
        {
            Id = "box-error-rate",
            Title = "Error rate: spread of the runs",
            Caption = "test",
            Kind = FigureKind.Boxes,
            XTitle = "Traffic level",
            YTitle = "Error rate (%)",
            Categories = ["low"],
            Series =
            [
                new FigureSeries { Name = "None", Points = [new() { Y = 0, Box = new BoxStats(0, 0, 0, 0, 0), N = 2 }] },
                new FigureSeries { Name = "Fail", Points = [new() { Y = 0, Box = new BoxStats(0, 0, 0, 0, 0), N = 2 }] },
            ],
        };
        id = await EvalAsync<int>(page, "json => charts.figure(document.getElementById('chart'), JSON.parse(json))", Json(zeros, showReference: false));
        var widths = await EvalAsync<double[]>(page, "() => [...document.querySelectorAll('#chart .bg-box rect')].map(r => Number(r.getAttribute('width')))");
        Assert.Equal(2, widths.Length);
        Assert.All(widths, w => Assert.True(w > 20, $"box {w} px wide"));
        var medians = await EvalAsync<string[]>(page, "() => [...document.querySelectorAll('#chart .bg-box text.bg-box-median')].map(t => t.textContent)");
        Assert.Equal(["0", "0"], medians);
        await EvalAsync<object>(page, "id => charts.destroy(id)", id);

        // Lines over rate levels with the TIPHON delay bands: the bands below the axis top are drawn and labelled.
        var lines = new Figure
        {
            Id = "response-time-during",
            Title = "Response time, During",
            Caption = "test",
            Kind = FigureKind.Lines,
            XTitle = "Requests/s per client",
            YTitle = "Average response time (ms)",
            Categories = ["100", "150", "200", "250"],
            Series =
            [
                new FigureSeries { Name = "Client 1", Points = [new() { Y = 90 }, new() { Y = 140 }, new() { Y = 260 }, new() { Y = 380 }] },
                new FigureSeries { Name = "Client 2", Points = [new() { Y = 110 }, new(), new() { Y = 240 }, new() { Y = 420 }] },
            ],
            Bands = ExperimentFigures.DelayBands(TiphonOptions.Default),
        };
        id = await EvalAsync<int>(page, "json => charts.figure(document.getElementById('chart'), JSON.parse(json))", Json(lines, showReference: true));
        var bandLabels = await EvalAsync<string[]>(page, "() => [...document.querySelectorAll('#chart .apexcharts-yaxis-annotations .bg-band-label')].map(e => e.textContent)");
        // The axis reaches 500 ms: all four grades, "poor" from 450 ms to the top.
        Assert.Equal(["very good (< 150 ms)", "good", "medium", "poor (> 450 ms)"], bandLabels);
        // One line per client; client 2's missing point is a gap, not a zero.
        Assert.Equal(2, await EvalAsync<int>(page, "() => document.querySelectorAll('#chart .apexcharts-line-series .apexcharts-series').length"));
        Assert.Equal(2, await EvalAsync<int>(page, "() => document.querySelectorAll('#chart .apexcharts-line-series .apexcharts-series')[1].querySelectorAll('path.apexcharts-line').length"));
        await page.Locator("#chart").ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("figure-lines.png"), Timeout = 10_000 });
        await EvalAsync<object>(page, "id => charts.destroy(id)", id);

        // A time series: a line over seconds, the phases as x bands, the switch as a marker.
        var series = new Figure
        {
            Id = "throughput",
            Title = "Throughput",
            Caption = "test",
            Kind = FigureKind.TimeSeries,
            XTitle = "Seconds",
            YTitle = "Requests/s",
            Series = [new FigureSeries { Name = "answered", Points = [.. Enumerable.Range(0, 30).Select(t => new FigurePoint { X = t, Y = 100 + t % 3 })] }],
            Bands = [new(FigureAxis.X, 0, 10, "before", "before"), new(FigureAxis.X, 10, 20, "during", "during"), new(FigureAxis.X, 20, null, "after", "after")],
            Markers = [new FigureMarker(14, "switch")],
        };
        id = await EvalAsync<int>(page, "json => charts.figure(document.getElementById('chart'), JSON.parse(json))", Json(series, showReference: true));
        var phases = await EvalAsync<string[]>(page, "() => [...document.querySelectorAll('#chart .apexcharts-xaxis-annotations .bg-band-label')].map(e => e.textContent)");
        Assert.Equal(["before", "during", "after"], phases);
        Assert.Contains("switch", await EvalAsync<string>(page, "() => document.querySelector('#chart .apexcharts-xaxis-annotations').textContent"));
        Assert.Equal(30, (await EvalAsync<string>(page, "() => document.querySelector('#chart path.apexcharts-line').getAttribute('d')")).Split('L').Length);
        // The open "after" band is shaded to the end of the axis; the axis ticks are round seconds.
        Assert.Equal(3, await EvalAsync<int>(page, "() => document.querySelectorAll('#chart .apexcharts-xaxis-annotations rect.apexcharts-annotation-rect').length"));
        var ticks = await EvalAsync<string[]>(page, "() => [...document.querySelectorAll('#chart .apexcharts-xaxis-label tspan')].map(e => e.textContent)");
        Assert.Equal(["0", "5", "10", "15", "20", "25", "30"], ticks);
        await page.Locator("#chart").ScreenshotAsync(new() { Path = BrowserSession.ScreenshotPath("figure-timeseries.png"), Timeout = 10_000 });
        Assert.Empty(errors);
    }
}
