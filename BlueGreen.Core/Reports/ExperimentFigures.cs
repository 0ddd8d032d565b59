using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.References;
using BlueGreen.Core.Statistics;
using MathNet.Numerics.Statistics;

namespace BlueGreen.Core.Reports;

/// <summary>
/// The figures of an experiment's report, as the papers drew theirs: per level, the error rate of each scenario
/// (paper 002's Figures 4.1-4.3); the mean and the maximum response time per level and scenario (4.4, 4.5); box
/// plots of the runs; and for an experiment reported per client, each condition's throughput, response time and
/// loss over the rate levels, one line per client, with the TIPHON bands (paper 000's Figures 4-12). For a paper's
/// preset every bar and box chart carries the paper's own numbers as reference series.
/// </summary>
public static class ExperimentFigures
{
    private const string Whiskers = "Bars are the mean over the runs; whiskers its 95 % confidence interval (Student t).";

    public static IReadOnlyList<Figure> Build(ExperimentReport report, TiphonOptions tiphon)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(tiphon);
        var reference = report.Reference;
        IReadOnlyList<Observation> referenceRuns = report.Preset == ExperimentPresets.Paper002 ? [.. Paper002Data.Observations] : [];
        var paper = report.Preset == ExperimentPresets.Paper002 ? "002" : null;
        var figures = new List<Figure>();
        var number = 1;
        foreach (var level in report.Levels)
        {
            figures.Add(ErrorRateOfLevel(report, reference, level, paper, number++));
        }
        figures.Add(AcrossLevels(report, reference, ResultMetric.MeanMs, "mean-response", "Average response time", paper, "Figure 4.4"));
        figures.Add(AcrossLevels(report, reference, ResultMetric.MaxMs, "max-response", "Maximum response time", paper, "Figure 4.5"));
        foreach (var metric in new[] { ResultMetric.ErrorRatePercent, ResultMetric.MeanMs, ResultMetric.MaxMs })
        {
            figures.Add(Boxes(report, referenceRuns, metric, paper));
        }
        if (report.Observations.Any(o => o.Client is not null))
        {
            figures.AddRange(PerClientLines(report, tiphon));
        }
        return figures;
    }

    /// <summary>The error rate of every scenario at one level (paper 002 drew one figure per traffic level).</summary>
    private static Figure ErrorRateOfLevel(ExperimentReport report, MatrixReport? reference, string level, string? paper, int number)
    {
        var series = new List<FigureSeries>
        {
            new() { Name = "Measured", Points = [.. report.Scenarios.Select(s => Bar(Summary(report, level, s, ResultMetric.ErrorRatePercent)))] },
        };
        if (reference is not null && paper is not null)
        {
            series.Add(new FigureSeries
            {
                Name = $"Paper {paper}",
                IsReference = true,
                Points = [.. report.Scenarios.Select(s => Bar(reference.Cell(level, s)?.Metrics.GetValueOrDefault(ResultMetric.ErrorRatePercent)))],
            });
        }
        return new Figure
        {
            Id = $"error-rate-{Slug(level)}",
            Title = $"Error rate at {level} traffic",
            Caption = $"Failed requests over sent requests, per scenario, at {level}. {Whiskers}",
            Kind = FigureKind.Bars,
            XTitle = "Scenario",
            YTitle = Title(ResultMetric.ErrorRatePercent),
            Categories = report.Scenarios,
            Series = series,
            PaperFigure = paper is null || number > 3 ? null : $"paper {paper}, Figure 4.{number}",
        };
    }

    /// <summary>A metric per level (the categories), one bar per scenario; the paper's bars after ours.</summary>
    private static Figure AcrossLevels(ExperimentReport report, MatrixReport? reference, ResultMetric metric, string id, string title,
        string? paper, string paperFigure)
    {
        var series = report.Scenarios.Select(s => new FigureSeries
        {
            Name = s,
            Points = [.. report.Levels.Select(l => Bar(Summary(report, l, s, metric)))],
        }).ToList();
        if (reference is not null && paper is not null)
        {
            series.AddRange(report.Scenarios.Select(s => new FigureSeries
            {
                Name = $"{s} (paper {paper})",
                IsReference = true,
                Points = [.. report.Levels.Select(l => Bar(reference.Cell(l, s)?.Metrics.GetValueOrDefault(metric)))],
            }));
        }
        return new Figure
        {
            Id = id,
            Title = $"{title} per traffic level and scenario",
            Caption = $"{title} of each run, averaged per level and scenario. {Whiskers}",
            Kind = FigureKind.Bars,
            XTitle = "Traffic level",
            YTitle = Title(metric),
            Categories = report.Levels,
            Series = series,
            PaperFigure = paper is null ? null : $"paper {paper}, {paperFigure}",
        };
    }

    /// <summary>Box plots of a metric's runs per level and scenario; the paper's runs after ours.</summary>
    private static Figure Boxes(ExperimentReport report, IReadOnlyList<Observation> referenceRuns, ResultMetric metric, string? paper)
    {
        var ours = report.Observations.Where(o => o.Client is null).ToList();
        var series = report.Scenarios.Select(s => new FigureSeries
        {
            Name = s,
            Points = [.. report.Levels.Select(l => Box(ours, l, s, metric))],
        }).ToList();
        if (referenceRuns.Count > 0 && paper is not null)
        {
            series.AddRange(report.Scenarios.Select(s => new FigureSeries
            {
                Name = $"{s} (paper {paper})",
                IsReference = true,
                Points = [.. report.Levels.Select(l => Box(referenceRuns, l, s, metric))],
            }));
        }
        return new Figure
        {
            Id = $"box-{Slug(ResultText.Name(metric))}",
            Title = $"{ResultText.Name(metric)}: spread of the runs",
            Caption = "Each box spans the lower to the upper quartile of the runs with the median inside; whiskers reach the lowest and highest run.",
            Kind = FigureKind.Boxes,
            XTitle = "Traffic level",
            YTitle = Title(metric),
            Categories = report.Levels,
            Series = series,
            PaperFigure = paper is null ? null : $"paper {paper}, box plots",
        };
    }

    /// <summary>Paper 000's figures: for each condition, throughput, response time and loss over the rate levels, one line per client.</summary>
    private static IEnumerable<Figure> PerClientLines(ExperimentReport report, TiphonOptions tiphon)
    {
        var clients = report.Cells.Where(c => c.Client is not null).Select(c => c.Client!.Value).Distinct().Order().ToList();
        var metrics = new (ResultMetric Metric, string Name)[]
        {
            (ResultMetric.ThroughputPerSecond, "Throughput"),
            (ResultMetric.MeanMs, "Response time"),
            (ResultMetric.LossPercent, "Loss"),
        };
        var number = 4;
        foreach (var scenario in report.Scenarios)
        {
            foreach (var (metric, name) in metrics)
            {
                yield return new Figure
                {
                    Id = $"{Slug(name)}-{Slug(scenario)}",
                    Title = $"{name}, {scenario}",
                    Caption = $"{name} per client over the rate levels, {scenario}: each point the mean over the runs." +
                              (metric == ResultMetric.ThroughputPerSecond ? "" : " Shaded: the TIPHON grades."),
                    Kind = FigureKind.Lines,
                    XTitle = "Requests/s per client",
                    YTitle = Title(metric),
                    Categories = report.Levels,
                    Series = [.. clients.Select(client => new FigureSeries
                    {
                        Name = $"Client {client}",
                        Points = [.. report.Levels.Select(l => Bar(report.Cells.FirstOrDefault(c => c.Level == l && c.Scenario == scenario && c.Client == client)?.Metrics.GetValueOrDefault(metric)))],
                    })],
                    Bands = metric switch
                    {
                        ResultMetric.MeanMs => DelayBands(tiphon),
                        ResultMetric.LossPercent => LossBands(tiphon),
                        _ => [],
                    },
                    PaperFigure = report.Preset == ExperimentPresets.Paper000 ? $"paper 000, Figure {number}" : null,
                };
                number++;
            }
        }
    }

    /// <summary>TIPHON delay grades as y bands, as paper 000 read them.</summary>
    public static IReadOnlyList<FigureBand> DelayBands(TiphonOptions t) =>
    [
        new(FigureAxis.Y, 0, t.DelayVeryGoodBelowMs, $"very good (< {t.DelayVeryGoodBelowMs:0} ms)", "very-good"),
        new(FigureAxis.Y, t.DelayVeryGoodBelowMs, t.DelayGoodUpToMs, "good", "good"),
        new(FigureAxis.Y, t.DelayGoodUpToMs, t.DelayMediumUpToMs, "medium", "medium"),
        new(FigureAxis.Y, t.DelayMediumUpToMs, null, $"poor (> {t.DelayMediumUpToMs:0} ms)", "poor"),
    ];

    /// <summary>TIPHON loss grades as y bands.</summary>
    public static IReadOnlyList<FigureBand> LossBands(TiphonOptions t) =>
    [
        new(FigureAxis.Y, 0, t.LossVeryGoodUpToPercent, $"very good (≤ {t.LossVeryGoodUpToPercent:0.#} %)", "very-good"),
        new(FigureAxis.Y, t.LossVeryGoodUpToPercent, t.LossGoodUpToPercent, "good", "good"),
        new(FigureAxis.Y, t.LossGoodUpToPercent, t.LossMediumUpToPercent, "medium", "medium"),
        new(FigureAxis.Y, t.LossMediumUpToPercent, 100, $"poor (> {t.LossMediumUpToPercent:0.#} %)", "poor"),
    ];

    private static MetricSummary? Summary(ExperimentReport report, string level, string scenario, ResultMetric metric)
        => report.Cells.FirstOrDefault(c => c.Level == level && c.Scenario == scenario && c.Client is null)?.Metrics.GetValueOrDefault(metric);

    private static FigurePoint Bar(MetricSummary? summary) => summary is null
        ? new FigurePoint()
        : new FigurePoint { Y = summary.Mean, Low = summary.Ci95Low, High = summary.Ci95High, N = summary.N };

    private static FigurePoint Box(IReadOnlyList<Observation> runs, string level, string scenario, ResultMetric metric)
    {
        var values = runs.Where(o => o.Level == level && o.Scenario == scenario && o.Client is null)
            .Select(o => o.Values.TryGetValue(metric, out var v) ? v : (double?)null).OfType<double>().ToArray();
        if (values.Length == 0)
        {
            return new FigurePoint();
        }
        Array.Sort(values);
        return new FigurePoint
        {
            Y = SortedArrayStatistics.Median(values),
            Box = new BoxStats(
                values[0],
                SortedArrayStatistics.QuantileCustom(values, 0.25, QuantileDefinition.R7),
                SortedArrayStatistics.Median(values),
                SortedArrayStatistics.QuantileCustom(values, 0.75, QuantileDefinition.R7),
                values[^1]),
            N = values.Length,
        };
    }

    private static string Title(ResultMetric metric) => $"{ResultText.Name(metric)} ({ResultText.Unit(metric)})";

    internal static string Slug(string text)
    {
        var chars = text.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        var slug = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length > 0 ? slug : "x";
    }
}
