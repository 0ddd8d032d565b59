using System.Text.Json.Serialization;
using BlueGreen.Core.Reports;

namespace BlueGreen.Dashboard.Components.Controls.Charts;

/// <summary>
/// What <see cref="FigureChart"/> hands to <c>figure</c> and <c>updateFigure</c> in <c>wwwroot/js/charts.js</c>
/// (serialized camelCase): a <see cref="Figure"/> as drawn now, its series coloured as the HTML report colours them
/// (<see cref="SvgFigureRenderer.SeriesColor"/>) and the paper's series left out when they are switched off, so the
/// y axis fits what is drawn. Immutable; absent values are null, never NaN.
/// </summary>
public sealed record FigureChartConfig
{
    /// <summary>The figure's id (e.g. <c>error-rate-low</c>).</summary>
    public required string Id { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<FigureKind>))]
    public required FigureKind Kind { get; init; }

    /// <summary>Drawn at the top left of the chart, so PNG and SVG exports carry it.</summary>
    public required string Title { get; init; }

    public required string XTitle { get; init; }

    public required string YTitle { get; init; }

    /// <summary>Height of the plot in CSS pixels.</summary>
    public required int Height { get; init; }

    public required IReadOnlyList<string> Categories { get; init; }

    public required IReadOnlyList<FigureChartSeries> Series { get; init; }

    public required IReadOnlyList<FigureChartBand> Bands { get; init; }

    public required IReadOnlyList<FigureMarker> Markers { get; init; }

    /// <summary>
    /// <paramref name="figure"/> as the chart module draws it: every series, or only ours when
    /// <paramref name="showReference"/> is false. Colours are taken from the whole figure first, so a series keeps its
    /// colour when the paper's are switched off.
    /// </summary>
    public static FigureChartConfig From(Figure figure, bool showReference, int height)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var series = figure.Series
            .Select((s, i) => new FigureChartSeries(s.Name, SvgFigureRenderer.SeriesColor(figure, i), s.IsReference, [.. s.Points.Select(Finite)]))
            .Where(s => showReference || !s.Reference)
            .ToList();
        return new FigureChartConfig
        {
            Id = figure.Id,
            Kind = figure.Kind,
            Title = figure.Title,
            XTitle = figure.XTitle,
            YTitle = figure.YTitle,
            Height = height,
            Categories = figure.Categories,
            Series = series,
            Bands = [.. figure.Bands
                .Where(b => double.IsFinite(b.From) && (b.To is null || double.IsFinite(b.To.Value)))
                .Select(b => new FigureChartBand(b.Axis, b.From, b.To, b.Label, SvgFigureRenderer.ToneColor(b.Tone)))],
            Markers = [.. figure.Markers.Where(m => double.IsFinite(m.X))],
        };
    }

    // The figure's contract is "null, never NaN"; JSON could not carry a NaN anyway, so one that slipped through is
    // dropped here rather than failing the whole chart.
    private static FigurePoint Finite(FigurePoint p) => new()
    {
        X = Keep(p.X),
        Y = Keep(p.Y),
        Low = Keep(p.Low),
        High = Keep(p.High),
        N = p.N,
        Box = p.Box is { } b && double.IsFinite(b.Min) && double.IsFinite(b.Q1) && double.IsFinite(b.Median) && double.IsFinite(b.Q3) && double.IsFinite(b.Max) ? b : null,
    };

    private static double? Keep(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
