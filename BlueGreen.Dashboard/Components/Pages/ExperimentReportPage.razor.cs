using System.Globalization;
using BlueGreen.Core;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Reports;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.Statistics;
using BlueGreen.Core.Streams;
using BlueGreen.Dashboard.Api;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>
/// An experiment's report (<see cref="ExperimentReportBuilder"/>, the model the JSON export renders too): the answers
/// first, then the result tables laid out like paper 002's Tables 4.1-4.3 and the p-value tables like 5.1-5.3 (with
/// the paper's published values beside ours for its preset), then every cell with every metric and TIPHON grades,
/// and every run's deployment health; the figures (<see cref="ExperimentFigures"/>: paper 002's Figures 4.1-4.5 and box
/// plots, paper 000's lines) drawn by <see cref="Controls.FigureChart"/> after the tables, each exported as PNG, SVG or
/// CSV; the whole report as one HTML file. While the experiment runs, the report is rebuilt as runs complete.
/// </summary>
public sealed partial class ExperimentReportPage : LivePage
{
    /// <summary>The metrics of paper 002's three tables, in its order.</summary>
    internal static readonly IReadOnlyList<(ResultMetric Metric, string Result, string Test)> PaperTables =
    [
        (ResultMetric.ErrorRatePercent, "Error rate (as Table 4.1)", "p-values of the error rate (as Table 5.1)"),
        (ResultMetric.MeanMs, "Average response time (as Table 4.2)", "p-values of the average response time (as Table 5.2)"),
        (ResultMetric.MaxMs, "Maximum response time (as Table 4.3)", "p-values of the maximum response time (as Table 5.3)"),
    ];

    private ExperimentView _view = null!;
    private bool _showPaper = true;
    private bool _showPaperFigures = true;
    private ExperimentReport? _figuresOf;
    private IReadOnlyList<Figure> _figures = [];

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required ExperimentStore Store { get; init; }

    [Inject]
    public required IOptions<BlueGreenOptions> Options { get; init; }

    private ExperimentRecord? Record => _view.Record;

    private ExperimentReport? Report => _view.Report;

    /// <summary>The paper whose values the report holds, as the tables name it ("002").</summary>
    private string Paper => Report?.Preset?.Replace("paper-", "", StringComparison.Ordinal) ?? "paper";

    /// <summary>The report has cells per client (paper 000's two clients): the cells table gets a client column.</summary>
    private bool PerClient => Report?.Cells.Any(c => c.Client is not null) == true;

    private string FileStem => ExperimentsApi.FileStem(Record!);

    private TiphonOptions Tiphon => Options.Value.LoadTesting.Tiphon;

    /// <summary>The report's figures, built again only when the report was (a run ended): the same instances otherwise,
    /// so the charts are not drawn again on every re-render.</summary>
    private IReadOnlyList<Figure> Figures
    {
        get
        {
            if (Report is { } report && !ReferenceEquals(report, _figuresOf))
            {
                _figures = ExperimentFigures.Build(report, Tiphon);
                _figuresOf = report;
            }
            return _figures;
        }
    }

    private bool HasReferenceFigures => Figures.Any(f => f.Series.Any(s => s.IsReference));

    /// <summary>More than three series drawn (ours and the paper's, per scenario): the chart takes the whole row, so its
    /// bars are wide enough to carry their values.</summary>
    private bool Wide(Figure figure) => figure.Series.Count(s => _showPaperFigures || !s.IsReference) > 3;

    private static string Ms(double value) => $"{value.ToString("0.###", CultureInfo.InvariantCulture)} ms";

    private static string Pct(double value) => $"{value.ToString("0.###", CultureInfo.InvariantCulture)} %";

    protected override void OnInitialized()
    {
        _view = new ExperimentView(Tiphon);
        // Subscribe before reading, so a run that ends in between is not lost.
        var changes = Store.Subscribe(Id);
        if (!_view.Take(Store.Find(Id)))
        {
            changes.Dispose();
            return;
        }
        Follow(changes, batch => _view.Take(batch.Missed ? Store.Find(Id) : batch.Items.LastOrDefault()?.Experiment));
    }
}
