namespace BlueGreen.Core.Reports;

/// <summary>What a figure draws: grouped bars with 95 % CI whiskers, box plots, lines over categories, or a time series.</summary>
public enum FigureKind
{
    /// <summary>One bar per series in each category, its whisker the 95 % confidence interval (paper 002's Figures 4.1-4.5).</summary>
    Bars,
    /// <summary>One box per series in each category: minimum, lower quartile, median, upper quartile, maximum of the runs.</summary>
    Boxes,
    /// <summary>One line per series over the categories (paper 000's Figures 4-12: a metric over the rate levels).</summary>
    Lines,
    /// <summary>One line per series over seconds, with phase bands and markers (a load test's live charts).</summary>
    TimeSeries,
}

/// <summary>
/// One chart, computed once in C# from a report and drawn by either renderer: the page's chart module (ApexCharts)
/// and the SVG renderer of the self-contained HTML report. Every number a chart shows is here, so the CSV of a figure
/// is its data and a test can check bar heights, whiskers and quartiles without a browser. Immutable.
/// </summary>
public sealed record Figure
{
    /// <summary>Unique within its report, usable in a file name and an element id (e.g. <c>error-rate-low</c>).</summary>
    public required string Id { get; init; }
    public required string Title { get; init; }
    /// <summary>One line under the chart: what is drawn, from what, and what the whiskers or boxes mean.</summary>
    public required string Caption { get; init; }
    public required FigureKind Kind { get; init; }
    /// <summary>The x axis's name ("Traffic level", "Requests/s per client", "Seconds").</summary>
    public required string XTitle { get; init; }
    /// <summary>The y axis's name with its unit ("Error rate (%)").</summary>
    public required string YTitle { get; init; }
    /// <summary>The x categories in order (empty for a time series).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    public required IReadOnlyList<FigureSeries> Series { get; init; }
    /// <summary>Shaded ranges: TIPHON grades along y, or before / during / after phases along x.</summary>
    public IReadOnlyList<FigureBand> Bands { get; init; } = [];
    /// <summary>Vertical lines at an x (a time series' deployment events).</summary>
    public IReadOnlyList<FigureMarker> Markers { get; init; } = [];
    /// <summary>The paper this figure redraws, e.g. "paper 002, Figure 4.1"; null when none.</summary>
    public string? PaperFigure { get; init; }
}

/// <summary>One series of a figure. A reference series holds a paper's numbers, drawn beside ours and switchable.</summary>
public sealed record FigureSeries
{
    public required string Name { get; init; }
    public bool IsReference { get; init; }
    /// <summary>One point per category (null where the cell has no value), or per second for a time series.</summary>
    public required IReadOnlyList<FigurePoint> Points { get; init; }
}

/// <summary>
/// One value of a series: <see cref="Y"/> (a bar's height, a line's point), its 95 % interval (a bar's whisker), or a
/// box; <see cref="X"/> only in a time series. Absent values are null, never NaN.
/// </summary>
public sealed record FigurePoint
{
    public double? X { get; init; }
    public double? Y { get; init; }
    public double? Low { get; init; }
    public double? High { get; init; }
    public BoxStats? Box { get; init; }
    /// <summary>How many runs the value summarises.</summary>
    public int? N { get; init; }
}

/// <summary>A box: the five-number summary of a cell's runs (quartiles by the R-7 rule, as R's and NumPy's default).</summary>
public sealed record BoxStats(double Min, double Q1, double Median, double Q3, double Max);

public enum FigureAxis
{
    X,
    Y,
}

/// <summary>A shaded range along an axis, labelled (e.g. TIPHON "very good" below 150 ms; the "during" phase);
/// <see cref="To"/> null runs to the end of the axis. <see cref="Tone"/> names its colour (very-good, good, medium,
/// poor; before, during, after).</summary>
public sealed record FigureBand(FigureAxis Axis, double From, double? To, string Label, string Tone);

/// <summary>A vertical line at <see cref="X"/>, labelled (e.g. "switch").</summary>
public sealed record FigureMarker(double X, string Label);
