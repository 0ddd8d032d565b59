using System.Globalization;
using BlueGreen.Core.Statistics;

namespace BlueGreen.Core.Reports;

/// <summary>
/// How an experiment's numbers read on the pages: a unit on every number, as many decimals as the measurement
/// carries (error rates to a thousandth of a percent, as paper 002 printed them; long response times to the
/// millisecond), p-values with three decimals. Invariant culture, so a table reads the same in every browser.
/// </summary>
public static class ResultText
{
    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static string Name(ResultMetric metric) => metric switch
    {
        ResultMetric.ErrorRatePercent => "Error rate",
        ResultMetric.LossPercent => "Loss",
        ResultMetric.MeanMs => "Average response time",
        ResultMetric.P50Ms => "Median response time",
        ResultMetric.P99Ms => "p99 response time",
        ResultMetric.MaxMs => "Maximum response time",
        ResultMetric.ThroughputPerSecond => "Throughput",
        _ => metric.ToString(),
    };

    /// <summary>A column header's name: <c>Errors</c>, <c>Mean</c>, <c>p99</c>.</summary>
    public static string ShortName(ResultMetric metric) => metric switch
    {
        ResultMetric.ErrorRatePercent => "Errors",
        ResultMetric.LossPercent => "Loss",
        ResultMetric.MeanMs => "Mean",
        ResultMetric.P50Ms => "p50",
        ResultMetric.P99Ms => "p99",
        ResultMetric.MaxMs => "Max",
        ResultMetric.ThroughputPerSecond => "Throughput",
        _ => metric.ToString(),
    };

    public static string Unit(ResultMetric metric) => metric switch
    {
        ResultMetric.ErrorRatePercent or ResultMetric.LossPercent => "%",
        ResultMetric.ThroughputPerSecond => "req/s",
        _ => "ms",
    };

    /// <summary>The number alone, with the metric's precision.</summary>
    public static string Number(ResultMetric metric, double value) => Format(value, Precision(metric, value));

    /// <summary>The number and its unit: <c>0.015 %</c>, <c>8,068 ms</c>, <c>99.8 req/s</c>.</summary>
    public static string Value(ResultMetric metric, double value) => $"{Number(metric, value)} {Unit(metric)}";

    /// <summary>The mean ± half its 95 % confidence interval, with the unit (<c>188 ± 12 ms</c>) unless a column
    /// header carries it; the mean alone when there is no interval.</summary>
    public static string Summary(ResultMetric metric, MetricSummary summary, bool unit = true)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var decimals = Precision(metric, summary.Mean);
        var text = summary.Ci95Low is { } low && summary.Ci95High is { } high
            ? $"{Format(summary.Mean, decimals)} ± {Format((high - low) / 2, decimals)}"
            : Format(summary.Mean, decimals);
        return unit ? $"{text} {Unit(metric)}" : text;
    }

    /// <summary>A paper's value as it printed it, with the unit when the paper left it to the table's title.</summary>
    public static string Printed(ResultMetric metric, ReferenceValue reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var printed = reference.Printed.Trim();
        return reference.Kind == ReferenceKind.Mean && printed.Length > 0 && char.IsAsciiDigit(printed[^1]) ? $"{printed} {Unit(metric)}" : printed;
    }

    /// <summary>A p-value with three decimals (as paper 002 printed them); a dash when there is none.</summary>
    public static string P(double? p) => p is { } value ? value.ToString("0.000", s_invariant) : "–";

    /// <summary>A duration as a person reads it: <c>42 s</c>, <c>3 min 05 s</c>, <c>2 h 10 min</c>.</summary>
    public static string Duration(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 0 => "0 s",
        < 60 => $"{duration.TotalSeconds:0} s",
        < 3600 => $"{(int)duration.TotalMinutes} min {duration.Seconds:00} s",
        _ => $"{(int)duration.TotalHours} h {duration.Minutes:00} min",
    };

    private static int Precision(ResultMetric metric, double value) => Unit(metric) switch
    {
        "%" => 3,
        "ms" => Math.Abs(value) >= 100 ? 0 : Math.Abs(value) >= 10 ? 1 : 2,
        _ => 1,
    };

    private static string Format(double value, int decimals) => value.ToString("N" + decimals.ToString(s_invariant), s_invariant);
}
