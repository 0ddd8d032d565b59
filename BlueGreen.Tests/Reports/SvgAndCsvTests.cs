using System.Globalization;
using System.Xml.Linq;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Reports;

namespace BlueGreen.Tests.Reports;

/// <summary>The SVG a figure draws (bars to scale, a whisker per interval, escaped labels, no script) and its CSV.</summary>
public class SvgAndCsvTests
{
    private static readonly XNamespace s_svg = SvgFigureRenderer.Svg;

    private static Figure Figure(string id, int repetitions = 3)
    {
        var report = ExperimentReportBuilder.Build(ReportTestData.Tiny(repetitions), TiphonOptions.Default);
        return ExperimentFigures.Build(report, TiphonOptions.Default).Single(f => f.Id == id);
    }

    [Fact]
    public void Bars_HeightsInProportionToTheMeansOnARoundAxis()
    {
        var svg = XDocument.Parse(SvgFigureRenderer.ToFile(Figure("mean-response"))).Root!;

        Assert.Equal(s_svg + "svg", svg.Name);
        var bars = svg.Descendants(s_svg + "rect").Where(r => (string?)r.Attribute("class") == "bar").ToList();
        Assert.Equal(["12", "22", "32"], bars.Select(b => (string)b.Attribute("data-value")!));
        var heights = bars.Select(b => double.Parse((string)b.Attribute("height")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(22.0 / 12, heights[1] / heights[0], 2);
        Assert.Equal(32.0 / 12, heights[2] / heights[0], 2);
        // Whiskers reach 35.5 ms (33 + t·sd/√n); the axis goes to the next round number, 40.
        Assert.Contains(svg.Descendants(s_svg + "text"), t => t.Value == "40");
        Assert.Empty(svg.Descendants(s_svg + "script"));
        Assert.Equal(3, svg.Descendants(s_svg + "g").Count(g => (string?)g.Attribute("class") == "whisker"));
    }

    [Fact]
    public void Boxes_OneBoxAndOneWhiskerPerCell()
    {
        var svg = SvgFigureRenderer.Render(Figure("box-error-rate", repetitions: 4));

        Assert.Equal(3, svg.Descendants(s_svg + "rect").Count(r => (string?)r.Attribute("class") == "box"));
        Assert.Equal(3, svg.Descendants(s_svg + "g").Count(g => (string?)g.Attribute("class") == "whisker"));
    }

    [Fact]
    public void Labels_AreEscapedNotMarkup()
    {
        var figure = Figure("mean-response") with { Title = "<script>alert(1)</script>" };
        figure = figure with { Series = [figure.Series[0] with { Name = "a&b\"<img src=x>" }, .. figure.Series.Skip(1)] };

        var text = SvgFigureRenderer.ToFile(figure);
        var svg = XDocument.Parse(text).Root!;

        Assert.DoesNotContain(svg.Descendants(), e => e.Name.LocalName is "script" or "img");
        Assert.Contains("&lt;script&gt;", text, StringComparison.Ordinal);
        Assert.Contains(svg.Descendants(s_svg + "text"), t => t.Value == "a&b\"<img src=x>");
    }

    [Fact]
    public void TimeSeries_PhaseBandsAndNumberedMarkers()
    {
        var figure = new Figure
        {
            Id = "t", Title = "Throughput", Caption = "c", Kind = FigureKind.TimeSeries, XTitle = "s", YTitle = "req/s",
            Series = [new FigureSeries { Name = "ok/s", Points = [.. Enumerable.Range(0, 10).Select(i => new FigurePoint { X = i, Y = 100 })] }],
            Bands = [new FigureBand(FigureAxis.X, 0, 3, "before", "before"), new FigureBand(FigureAxis.X, 3, 6, "during", "during"), new FigureBand(FigureAxis.X, 6, null, "after", "after")],
            Markers = [new FigureMarker(3, "deployment started"), new FigureMarker(4.5, "switch")],
        };

        var svg = SvgFigureRenderer.Render(figure);

        var bands = svg.Descendants(s_svg + "rect").Where(r => (string?)r.Attribute("class") == "band").ToList();
        Assert.Equal(3, bands.Count);
        var widths = bands.Select(b => double.Parse((string)b.Attribute("width")!, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(widths[0], widths[1], 1);
        Assert.Equal(["deployment started", "switch"], svg.Descendants(s_svg + "line").Select(l => (string?)l.Attribute("data-marker")).OfType<string>());
        var polyline = Assert.Single(svg.Descendants(s_svg + "polyline"));
        Assert.Equal(10, ((string)polyline.Attribute("points")!).Split(' ').Length);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(0.7, 1)]
    [InlineData(1, 1)]
    [InlineData(3.2, 5)]
    [InlineData(12, 20)]
    [InlineData(250, 250)]
    [InlineData(4581, 5000)]
    public void NiceMax_TheNextRoundNumber(double max, double expected) => Assert.Equal(expected, SvgFigureRenderer.NiceMax(max));

    [Fact]
    public void Csv_OneRowPerDrawnValueWithItsInterval()
    {
        var csv = FigureCsv.Format(Figure("error-rate-low")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(string.Join(',', FigureCsv.Columns), csv[0]);
        Assert.Equal(4, csv.Length);
        var fail = csv[3].Split(',');
        Assert.Equal(["error-rate-low", "Measured", "false", "Fail", "", "2"], fail[..6]);
        Assert.Equal(-0.484138, double.Parse(fail[6], CultureInfo.InvariantCulture), 5);
        Assert.Equal("3", fail[^1]);
    }
}
