using BlueGreen.Core.Reports;
using BlueGreen.Dashboard.Components.Controls;
using BlueGreen.Dashboard.Components.Controls.Charts;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;

namespace BlueGreen.Tests.Dashboard.Controls;

/// <summary>
/// One report figure through the chart module: drawn once with the figure's numbers and the HTML report's colours,
/// drawn again only for a new figure or a flip of the paper's series, exported as PNG / SVG under a name that says what
/// it is (with a toast either way), destroyed with the component.
/// </summary>
public sealed class FigureChartTests : DashboardTestContext
{
    private const int ChartId = 4;
    private const string Stem = "experiment-tiny-20261205-1000";
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    private static readonly Figure s_figure = new()
    {
        Id = "error-rate-low",
        Title = "Error rate at Low traffic",
        Caption = "Failed requests over sent requests, per scenario.",
        Kind = FigureKind.Bars,
        XTitle = "Scenario",
        YTitle = "Error rate (%)",
        Categories = ["None", "Success", "Fail"],
        Series =
        [
            new FigureSeries { Name = "Measured", Points = [new() { Y = 0.02, Low = 0.01, High = 0.03, N = 10 }, new() { Y = 0.5, Low = 0.2, High = 0.8, N = 10 }, new()] },
            new FigureSeries { Name = "Paper 002", IsReference = true, Points = [new() { Y = 0.015 }, new() { Y = 0.008 }, new() { Y = double.NaN }] },
        ],
        PaperFigure = "paper 002, Figure 4.1",
    };

    private readonly BunitJSModuleInterop _module;

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public FigureChartTests()
    {
        _module = JSInterop.SetupModule("./js/charts.js");
        _module.Setup<int>("figure", _ => true).SetResult(ChartId);
    }

    private IRenderedComponent<FigureChart> RenderFigure(Figure? figure = null, bool showReference = true)
    {
        var chart = Render<FigureChart>(p => p
            .Add(c => c.Figure, figure ?? s_figure)
            .Add(c => c.ShowReference, showReference)
            .Add(c => c.FileStem, Stem)
            .Add(c => c.CsvHref, "api/experiments/ex-1/figures/error-rate-low.csv"));
        chart.WaitForAssertion(() => Assert.Equal("true", chart.Find("[data-testid=figure-chart]").GetAttribute("data-ready")), s_timeout);
        return chart;
    }

    private List<JSRuntimeInvocation> Calls(string identifier) => [.. _module.Invocations.Where(i => i.Identifier == identifier)];

    private IReadOnlyList<Snackbar> Toasts => [.. Services.GetRequiredService<ISnackbar>().ShownSnackbars];

    [Fact]
    public void Render_DrawsTheFigureOnce_WithItsNumbersAndTheReportsColours()
    {
        var chart = RenderFigure();

        var config = Assert.IsType<FigureChartConfig>(Assert.Single(Calls("figure")).Arguments[1]);
        Assert.Equal("error-rate-low", config.Id);
        Assert.Equal(FigureKind.Bars, config.Kind);
        Assert.Equal("Error rate at Low traffic", config.Title);
        Assert.Equal(["Measured", "Paper 002"], config.Series.Select(s => s.Name));
        Assert.Equal([SvgFigureRenderer.SeriesColor(s_figure, 0), SvgFigureRenderer.SeriesColor(s_figure, 1)], config.Series.Select(s => s.Color));
        Assert.Equal(s_figure.Series[0].Points, config.Series[0].Points);
        // A NaN that slipped into a figure crosses as null (JSON has no NaN), the rest of the chart intact.
        Assert.Null(config.Series[1].Points[2].Y);
        Assert.Equal(0.008, config.Series[1].Points[1].Y);
        Assert.Contains("Failed requests over sent requests", chart.Find("[data-testid=figure-caption]").TextContent);
        Assert.Equal("as paper 002, Figure 4.1", chart.Find("[data-testid=figure-paper]").TextContent.Trim());
        Assert.Equal($"{Stem}-error-rate-low.csv", chart.Find("[data-testid=figure-export-csv]").GetAttribute("download"));
    }

    [Fact]
    public void Parameters_SameFigureAgainDrawsNothing_ANewFigureOrTheSwitchDrawsAgain()
    {
        var chart = RenderFigure();

        chart.Render(p => p.Add(c => c.Figure, s_figure));
        Assert.Empty(Calls("updateFigure"));

        chart.Render(p => p.Add(c => c.ShowReference, false));
        chart.WaitForAssertion(() => Assert.Single(Calls("updateFigure")), s_timeout);
        var withoutPaper = Assert.IsType<FigureChartConfig>(Calls("updateFigure")[0].Arguments[1]);
        Assert.Equal(ChartId, Calls("updateFigure")[0].Arguments[0]);
        Assert.Equal(["Measured"], withoutPaper.Series.Select(s => s.Name));

        var rebuilt = s_figure with { Series = [s_figure.Series[0] with { Points = [new() { Y = 1 }, new() { Y = 2 }, new() { Y = 3 }] }] };
        chart.Render(p => p.Add(c => c.Figure, rebuilt));
        chart.WaitForAssertion(() => Assert.Equal(2, Calls("updateFigure").Count), s_timeout);
        Assert.Equal([1d, 2d, 3d], Assert.IsType<FigureChartConfig>(Calls("updateFigure")[1].Arguments[1]).Series[0].Points.Select(p => p.Y!.Value));
    }

    [Fact]
    public async Task PngButton_DownloadsItNamedForTheExperimentAndFigure_AndSaysSo()
    {
        var chart = RenderFigure();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
        _module.Setup<IJSStreamReference>("exportPng", _ => true).SetResult(new BytesStreamReference(png));

        await chart.Find("[data-testid=figure-export-png]").ClickAsync(new()).WaitAsync(s_timeout, Ct);

        Assert.Equal(ChartId, Assert.Single(Calls("exportPng")).Arguments[0]);
        var download = Assert.Single(Calls("downloadFile"));
        Assert.Equal($"{Stem}-error-rate-low.png", download.Arguments[0]);
        Assert.Equal("image/png", download.Arguments[1]);
        var toast = Assert.Single(Toasts);
        Assert.Equal(Severity.Success, toast.Severity);
        Assert.Contains($"{Stem}-error-rate-low.png", toast.Message);
    }

    [Fact]
    public async Task SvgExportFails_ErrorToastAndNoDownload()
    {
        var chart = RenderFigure();
        _module.Setup<IJSStreamReference>("exportSvg", _ => true).SetException(new JSException("chart gone"));

        await chart.Find("[data-testid=figure-export-svg]").ClickAsync(new()).WaitAsync(s_timeout, Ct);

        Assert.Empty(Calls("downloadFile"));
        var toast = Assert.Single(Toasts);
        Assert.Equal(Severity.Error, toast.Severity);
        Assert.Contains("chart gone", toast.Message);
        // The buttons are usable again.
        chart.WaitForAssertion(() => Assert.False(chart.Find("[data-testid=figure-export-svg]").HasAttribute("disabled")), s_timeout);
    }

    [Fact]
    public async Task DisposeAsync_DestroysTheChart()
    {
        var chart = RenderFigure();

        await chart.Instance.DisposeAsync().AsTask().WaitAsync(s_timeout, Ct);

        Assert.Equal(ChartId, Assert.Single(Calls("destroy")).Arguments[0]);
    }
}
