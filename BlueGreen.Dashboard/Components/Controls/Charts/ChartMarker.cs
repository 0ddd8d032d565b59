namespace BlueGreen.Dashboard.Components.Controls.Charts;

/// <summary>A labelled vertical line at one moment, e.g. the switch or a rollback.</summary>
/// <param name="Label">Drawn along the line at the top of the plot.</param>
/// <param name="X">When (same x units as the points).</param>
/// <param name="Color">A CSS colour for the line and its label; null for dark grey.</param>
public sealed record ChartMarker(string Label, double X, string? Color = null);
