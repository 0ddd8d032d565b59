using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Reports;

namespace BlueGreen.Tests.Reports;

/// <summary>The figures of an experiment from runs with known values: bar heights, CI whiskers, box quartiles, the
/// paper's reference series, and paper 000's per-client lines with their TIPHON bands.</summary>
public class ExperimentFiguresTests
{
    private static IReadOnlyList<Figure> Figures(ExperimentRecord experiment)
        => ExperimentFigures.Build(ExperimentReportBuilder.Build(experiment, TiphonOptions.Default), TiphonOptions.Default);

    [Fact]
    public void ErrorRateOfALevel_BarsAreTheMeansAndWhiskersTheStudentInterval()
    {
        var figure = Figures(ReportTestData.Tiny(repetitions: 3)).Single(f => f.Id == "error-rate-low");

        Assert.Equal(FigureKind.Bars, figure.Kind);
        Assert.Equal(["None", "Success", "Fail"], figure.Categories);
        var measured = Assert.Single(figure.Series);
        Assert.Equal([0.0, 0.0, 2.0], measured.Points.Select(p => p.Y!.Value));
        // Fail ran 1, 2, 3 %: mean 2, sd 1, t(0.975, 2) = 4.302653 → 2 ± 2.484138.
        var fail = measured.Points[2];
        Assert.Equal(-0.484138, fail.Low!.Value, 5);
        Assert.Equal(4.484138, fail.High!.Value, 5);
        Assert.Equal(3, fail.N);
        // No run varied: an interval of no width, not a missing one.
        Assert.Equal((0.0, 0.0), (measured.Points[0].Low!.Value, measured.Points[0].High!.Value));
        Assert.Null(figure.PaperFigure);
    }

    [Fact]
    public void ResponseTimeAcrossLevels_OneSeriesPerScenario()
    {
        var figures = Figures(ReportTestData.Tiny(repetitions: 3));

        var mean = figures.Single(f => f.Id == "mean-response");
        Assert.Equal(["low"], mean.Categories);
        Assert.Equal(["None", "Success", "Fail"], mean.Series.Select(s => s.Name));
        Assert.Equal([12.0, 22.0, 32.0], mean.Series.Select(s => s.Points.Single().Y!.Value));
        var max = figures.Single(f => f.Id == "max-response");
        Assert.Equal([120.0, 220.0, 320.0], max.Series.Select(s => s.Points.Single().Y!.Value));
        Assert.All(figures, f => Assert.DoesNotContain(f.Series, s => s.IsReference));
    }

    [Fact]
    public void Boxes_FiveNumberSummaryByTheR7Rule()
    {
        // Fail's error rates 1, 2, 3, 4: quartiles by R-7 (R's and NumPy's default) 1.75 and 3.25, median 2.5.
        var figure = Figures(ReportTestData.Tiny(repetitions: 4)).Single(f => f.Id == "box-error-rate");

        Assert.Equal(FigureKind.Boxes, figure.Kind);
        var fail = figure.Series.Single(s => s.Name == "Fail").Points.Single();
        Assert.Equal(new BoxStats(1, 1.75, 2.5, 3.25, 4), fail.Box);
        Assert.Equal(4, fail.N);
        var none = figure.Series.Single(s => s.Name == "None").Points.Single();
        Assert.Equal(new BoxStats(0, 0, 0, 0, 0), none.Box);
    }

    [Fact]
    public void Paper002Preset_ReferenceSeriesCarryThePapersMeansAndNameItsFigures()
    {
        var definition = ExperimentPresets.Create(ExperimentPresets.Paper002, "test", 0.02, "1.0.0");
        var figures = Figures(ReportTestData.Tiny(definition: definition));

        var medium = figures.Single(f => f.Id == "error-rate-medium");
        Assert.Equal("paper 002, Figure 4.2", medium.PaperFigure);
        var paper = medium.Series.Single(s => s.IsReference);
        Assert.Equal("Paper 002", paper.Name);
        // Appendix 1's medium-traffic runs: None 0.014 %, successful 0.6385 % (Table 4.1 prints 0.639 %), failing 1.2 %.
        Assert.Equal(0.6385, paper.Points[1].Y!.Value, 4);
        Assert.Equal(10, paper.Points[1].N);
        Assert.NotNull(paper.Points[1].Low);
        var mean = figures.Single(f => f.Id == "mean-response");
        Assert.Equal("paper 002, Figure 4.4", mean.PaperFigure);
        Assert.Equal(["None", "Success", "Fail", "None (paper 002)", "Success (paper 002)", "Fail (paper 002)"], mean.Series.Select(s => s.Name));
        Assert.Equal(2298, mean.Series.Single(s => s.Name == "None (paper 002)").Points[1].Y!.Value, 0);
        var boxes = figures.Single(f => f.Id == "box-average-response-time");
        Assert.Equal(10, boxes.Series.Single(s => s.Name == "Fail (paper 002)").Points[2].N);
    }

    [Fact]
    public void PerClientExperiment_LinesPerConditionAndMetricWithTiphonBands()
    {
        var definition = ExperimentPresets.Create(ExperimentPresets.Paper000, "test", 0.02, "1.0.0");
        var experiment = ReportTestData.Tiny(definition: definition);
        experiment = experiment with
        {
            Runs = [.. experiment.Runs.Select(r => r with
            {
                PerClient = [r.Measured! with { Client = 1 }, r.Measured! with { Client = 2, MeanMs = r.Measured!.MeanMs!.Value * 2 }],
            })],
        };

        var lines = Figures(experiment).Where(f => f.Kind == FigureKind.Lines).ToList();

        Assert.Equal(9, lines.Count);
        var during = lines.Single(f => f.Id == "response-time-during");
        Assert.Equal("paper 000, Figure 8", during.PaperFigure);
        Assert.Equal(8, during.Categories.Count);
        Assert.Equal(["Client 1", "Client 2"], during.Series.Select(s => s.Name));
        Assert.Equal(during.Series[0].Points[0].Y!.Value * 2, during.Series[1].Points[0].Y!.Value, 6);
        Assert.Equal([0.0, 150, 300, 450], during.Bands.Select(b => b.From));
        Assert.Null(during.Bands[^1].To);
        Assert.Equal(4, lines.Single(f => f.Id == "loss-before").Bands.Count);
        Assert.Empty(lines.Single(f => f.Id == "throughput-after").Bands);
    }

    [Fact]
    public void NoCompletedRun_BarsHaveNoValueAndBoxesNoBox()
    {
        var experiment = ReportTestData.Tiny() with { Runs = [.. ExperimentPlan.Create(ReportTestData.Tiny().Definition)] };

        var figures = Figures(experiment);

        Assert.All(figures.SelectMany(f => f.Series).SelectMany(s => s.Points), p => Assert.Null(p.Y));
        Assert.All(figures.SelectMany(f => f.Series).SelectMany(s => s.Points), p => Assert.Null(p.Box));
    }
}
