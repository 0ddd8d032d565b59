namespace BlueGreen.Dashboard.Components.Controls.Charts;

/// <summary>What <see cref="LiveChart"/> hands to <c>create</c> in <c>wwwroot/js/charts.js</c> (serialized camelCase).</summary>
public sealed class ChartConfig
{
    /// <summary>Drawn at the top left of the chart (and so part of PNG and SVG exports); null for none.</summary>
    public required string? Title { get; init; }

    /// <summary>Height of the plot in CSS pixels.</summary>
    public required int Height { get; init; }

    /// <summary>What the x values are.</summary>
    public required ChartTimeAxis TimeAxis { get; init; }

    /// <summary>How far behind the newest point the chart reaches, in x units; null for the whole run.</summary>
    public required double? Window { get; init; }

    /// <summary>A cap on the points kept per series (also for a whole-run chart).</summary>
    public required int MaxPoints { get; init; }

    /// <summary>The least time between two redraws; pushes in between are drawn together.</summary>
    public required int RedrawIntervalMs { get; init; }

    /// <summary>The series, in the order of the per-series arrays <c>push</c> receives.</summary>
    public required IReadOnlyList<ChartSeries> Series { get; init; }
}
