namespace BlueGreen.Dashboard.Components.Controls.Charts;

/// <summary>One line of a <see cref="LiveChart"/>.</summary>
/// <param name="Name">Shown in the legend and the CSV header; unique within a chart.</param>
/// <param name="Unit">Unit of the y values (e.g. <c>req/s</c>, <c>ms</c>, <c>%</c>), shown in tooltips and the CSV header.</param>
/// <param name="Axis">The y-axis group: series with the same group share one axis (titled with it). Defaults to
/// <paramref name="Unit"/>, so series with the same unit share an axis.</param>
/// <param name="Color">A CSS colour (<c>#1e88e5</c>); null takes the next colour of the chart's palette.</param>
public sealed record ChartSeries(string Name, string Unit, string? Axis = null, string? Color = null);
