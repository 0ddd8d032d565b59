namespace BlueGreen.Dashboard.Components.Controls.Charts;

/// <summary>One point of a series.</summary>
/// <param name="X">Time: seconds (e.g. since the run started) or Unix epoch milliseconds, as the chart's
/// <see cref="ChartTimeAxis"/> says.</param>
/// <param name="Y">The value, in the series' unit.</param>
public readonly record struct ChartPoint(double X, double Y)
{
    /// <summary>Both coordinates are finite. Other points are dropped: NaN and infinities never reach the browser.</summary>
    public bool IsFinite => double.IsFinite(X) && double.IsFinite(Y);
}
