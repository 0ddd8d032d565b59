namespace BlueGreen.Dashboard.Components.Controls.Charts;

/// <summary>A shaded x-range with a label, e.g. the before / during / after phases of a load test.</summary>
/// <param name="Label">Drawn at the band's lower left corner.</param>
/// <param name="From">Where the band starts (same x units as the points).</param>
/// <param name="To">Where it ends; null while it is still open: it then reaches the newest point.</param>
/// <param name="Color">A CSS colour for the shading; null for a neutral grey.</param>
public sealed record ChartBand(string Label, double From, double? To = null, string? Color = null);
