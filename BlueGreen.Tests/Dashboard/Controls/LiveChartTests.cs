using System.Globalization;
using BlueGreen.Dashboard.Components.Controls;
using BlueGreen.Dashboard.Components.Controls.Charts;
using BlueGreen.Tests.Dashboard;
using Bunit;
using Microsoft.JSInterop;

namespace BlueGreen.Tests.Dashboard.Controls;

public class LiveChartTests : DashboardTestContext
{
    private const int ChartId = 7;
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    private static readonly ChartSeries[] s_series =
    [
        new("throughput", "req/s"),
        new("p99, latency", "ms"),
        new("errors", "%", Color: "#d32f2f"),
    ];

    private readonly BunitJSModuleInterop _module;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public LiveChartTests()
    {
        _module = JSInterop.SetupModule("./js/charts.js");
    }

    private IRenderedComponent<LiveChart> RenderChart(TimeSpan? window = null, ChartTimeAxis timeAxis = ChartTimeAxis.Seconds, bool created = true)
    {
        var create = _module.Setup<int>("create", _ => true);
        if (created)
        {
            create.SetResult(ChartId);
        }
        var chart = Render<LiveChart>(p => p
            .Add(c => c.Title, "Load test")
            .Add(c => c.Series, s_series)
            .Add(c => c.Window, window)
            .Add(c => c.TimeAxis, timeAxis)
            .Add(c => c.Height, 320));
        if (created)
        {
            WaitUntilReady(chart);
        }
        return chart;
    }

    private static void WaitUntilReady(IRenderedComponent<LiveChart> chart)
        => chart.WaitForAssertion(() => Assert.False(chart.Find("[data-testid=chart-export-png]").HasAttribute("disabled")), s_timeout);

    private IReadOnlyList<JSRuntimeInvocation> Calls(string identifier)
        => _module.Invocations.Where(i => i.Identifier == identifier).ToList();

    [Fact]
    public void Render_FirstRender_ImportsModuleAndCreatesChartWithSeriesConfig()
    {
        var chart = RenderChart(window: TimeSpan.FromSeconds(120));

        var import = JSInterop.VerifyInvoke("import");
        Assert.Equal("./js/charts.js", import.Arguments[0]);
        var create = Assert.Single(Calls("create"));
        Assert.IsType<Microsoft.AspNetCore.Components.ElementReference>(create.Arguments[0]);
        var config = Assert.IsType<ChartConfig>(create.Arguments[1]);
        Assert.Equal("Load test", config.Title);
        Assert.Equal(320, config.Height);
        Assert.Equal(120, config.Window);
        Assert.Equal(ChartTimeAxis.Seconds, config.TimeAxis);
        Assert.Equal(s_series, config.Series);
        Assert.Equal(250, config.RedrawIntervalMs);
        // PNG and SVG; CSV only with a CsvHref (the data's store).
        Assert.Equal(2, chart.FindAll("[data-testid^=chart-export-]").Count);
    }

    [Fact]
    public void Render_EpochAxis_WindowInMilliseconds()
    {
        RenderChart(window: TimeSpan.FromMinutes(2), timeAxis: ChartTimeAxis.EpochMilliseconds);

        var config = Assert.IsType<ChartConfig>(Assert.Single(Calls("create")).Arguments[1]);
        Assert.Equal(120_000, config.Window);
        Assert.Equal(ChartTimeAxis.EpochMilliseconds, config.TimeAxis);
    }

    [Fact]
    public async Task PushAsync_NonFiniteValues_SendsOnlyFinitePointsWithoutRerender()
    {
        var chart = RenderChart();
        var renders = chart.RenderCount;

        await chart.Instance.PushAsync(
            [
                [new ChartPoint(1, 10), new ChartPoint(2, double.NaN)],
                [new ChartPoint(double.PositiveInfinity, 3), new ChartPoint(2, 5)],
                [new ChartPoint(2, double.NegativeInfinity)],
            ],
            Ct).WaitAsync(s_timeout, Ct);

        var push = Assert.Single(Calls("push"));
        Assert.Equal(ChartId, push.Arguments[0]);
        var batch = Assert.IsType<double[][][]>(push.Arguments[1]);
        Assert.Equal([[1d, 10d]], batch[0]);
        Assert.Equal([[2d, 5d]], batch[1]);
        Assert.Empty(batch[2]);
        Assert.Equal(renders, chart.RenderCount);
    }

    [Fact]
    public async Task PushAsync_OneValuePerSeries_SendsOnePointEach()
    {
        var chart = RenderChart();

        await chart.Instance.PushAsync(4, [200, double.NaN, 0.5], Ct).WaitAsync(s_timeout, Ct);

        var batch = Assert.IsType<double[][][]>(Assert.Single(Calls("push")).Arguments[1]);
        Assert.Equal([[4d, 200d]], batch[0]);
        Assert.Empty(batch[1]);
        Assert.Equal([[4d, 0.5d]], batch[2]);
    }

    [Fact]
    public async Task PushAsync_OnlyNonFinite_SendsNothing()
    {
        var chart = RenderChart();

        await chart.Instance.PushAsync(1, [double.NaN, double.NaN, double.NaN], Ct).WaitAsync(s_timeout, Ct);

        Assert.Empty(Calls("push"));
    }

    [Fact]
    public async Task PushAsync_BeforeChartExists_SendsHeldPointsAfterCreate()
    {
        var create = _module.Setup<int>("create", _ => true);
        var chart = Render<LiveChart>(p => p.Add(c => c.Series, s_series));

        await chart.Instance.PushAsync(1, [100, 10, 0], Ct).WaitAsync(s_timeout, Ct);
        await chart.Instance.AnnotateAsync([new ChartBand("before", 0)], [], Ct).WaitAsync(s_timeout, Ct);
        Assert.Empty(Calls("push"));

        create.SetResult(ChartId);

        chart.WaitForAssertion(() => Assert.Single(Calls("push")), s_timeout);
        var batch = Assert.IsType<double[][][]>(Calls("push")[0].Arguments[1]);
        Assert.Equal([[1d, 100d]], batch[0]);
        Assert.Equal([[1d, 10d]], batch[1]);
        chart.WaitForAssertion(() => Assert.Single(Calls("annotate")), s_timeout);
    }

    [Fact]
    public async Task PushAsync_MoreListsThanSeries_Throws()
    {
        var chart = RenderChart();

        await Assert.ThrowsAsync<ArgumentException>(() => chart.Instance.PushAsync([[], [], [], []], Ct))
            .WaitAsync(s_timeout, Ct);
    }

    [Fact]
    public async Task AnnotateAsync_BandsAndMarkers_CallsAnnotateWithFiniteOnes()
    {
        var chart = RenderChart();
        ChartBand[] bands = [new("before", 0, 30), new("during", 30, Color: "#fb8c00"), new("broken", double.NaN, 5)];
        ChartMarker[] markers = [new("switch", 45), new("rollback", 55, "#d32f2f"), new("never", double.PositiveInfinity)];

        await chart.Instance.AnnotateAsync(bands, markers, Ct).WaitAsync(s_timeout, Ct);

        var annotate = Assert.Single(Calls("annotate"));
        Assert.Equal(ChartId, annotate.Arguments[0]);
        Assert.Equal(bands[..2], Assert.IsAssignableFrom<IReadOnlyList<ChartBand>>(annotate.Arguments[1]));
        Assert.Equal(markers[..2], Assert.IsAssignableFrom<IReadOnlyList<ChartMarker>>(annotate.Arguments[2]));
    }

    [Fact]
    public void CsvHref_Set_CsvButtonDownloadsFromTheStore()
    {
        _module.Setup<int>("create", _ => true).SetResult(ChartId);

        var chart = Render<LiveChart>(p => p
            .Add(c => c.Title, "Load test")
            .Add(c => c.Series, s_series)
            .Add(c => c.CsvHref, "api/loadtests/lt-1/samples.csv"));

        var csv = chart.Find("[data-testid=chart-export-csv]");
        Assert.Equal("api/loadtests/lt-1/samples.csv", csv.GetAttribute("href"));
    }

    [Fact]
    public void CsvHref_NotSet_NoCsvButton()
    {
        var chart = RenderChart();

        Assert.Empty(chart.FindAll("[data-testid=chart-export-csv]"));
        Assert.Single(chart.FindAll("[data-testid=chart-export-png]"));
    }

    [Fact]
    public async Task ExportPngAsync_ReadsBytesFromStreamReference()
    {
        var chart = RenderChart();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        _module.Setup<IJSStreamReference>("exportPng", _ => true).SetResult(new BytesStreamReference(png));

        var bytes = await chart.Instance.ExportPngAsync(Ct).WaitAsync(s_timeout, Ct);

        Assert.Equal(png, bytes);
        Assert.Equal(ChartId, Assert.Single(Calls("exportPng")).Arguments[0]);
    }

    [Fact]
    public async Task ExportSvgAsync_BeforeChartExists_Throws()
    {
        _module.Setup<int>("create", _ => true);
        var chart = Render<LiveChart>(p => p.Add(c => c.Series, s_series));

        await Assert.ThrowsAsync<InvalidOperationException>(() => chart.Instance.ExportSvgAsync(Ct))
            .WaitAsync(s_timeout, Ct);
        Assert.True(chart.Find("[data-testid=chart-export-svg]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task PngButton_ExportFails_ShowsError()
    {
        var chart = RenderChart();
        _module.Setup<IJSStreamReference>("exportPng", _ => true).SetException(new JSException("canvas is tainted"));

        await chart.Find("[data-testid=chart-export-png]").ClickAsync(new()).WaitAsync(s_timeout, Ct);

        chart.WaitForAssertion(() => Assert.Contains("canvas is tainted", chart.Find("[data-testid=chart-error]").TextContent), s_timeout);
        Assert.Empty(Calls("downloadFile"));
    }

    [Fact]
    public async Task DisposeAsync_DestroysChart()
    {
        var chart = RenderChart();

        await chart.Instance.DisposeAsync().AsTask().WaitAsync(s_timeout, Ct);

        Assert.Equal(ChartId, Assert.Single(Calls("destroy")).Arguments[0]);
    }

    [Fact]
    public async Task DisposeAsync_CircuitGone_SwallowsJSDisconnected()
    {
        var chart = RenderChart();
        _module.SetupVoid("destroy", _ => true).SetException(new JSDisconnectedException("circuit closed"));

        await chart.Instance.DisposeAsync().AsTask().WaitAsync(s_timeout, Ct);

        Assert.Single(Calls("destroy"));
    }
}
