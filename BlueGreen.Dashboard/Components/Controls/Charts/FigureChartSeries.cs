using BlueGreen.Core.Reports;

namespace BlueGreen.Dashboard.Components.Controls.Charts;

/// <summary>One series as drawn: <see cref="Reference"/> series (a paper's numbers) are hatched in <see cref="Color"/>.</summary>
public sealed record FigureChartSeries(string Name, string Color, bool Reference, IReadOnlyList<FigurePoint> Points);
