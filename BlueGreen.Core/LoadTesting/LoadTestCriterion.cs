using System.Globalization;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// One pass/fail criterion of a load test, k6-threshold style: a metric over a phase, a comparison, and a threshold
/// that is either absolute (<c>loss during &lt;= 0 %</c>) or a factor of the same metric in another phase
/// (<c>p99 during &lt;= 2 x p99 before</c>). Written and stored as text (<see cref="Text"/>, read by
/// <see cref="TryParse"/>); evaluated when the test ends (<see cref="LoadTestEvaluation"/>).
/// </summary>
public sealed partial record LoadTestCriterion
{
    /// <summary>What is measured.</summary>
    public required CriterionMetric Metric { get; init; }

    /// <summary>Over which seconds.</summary>
    public CriterionPhase Phase { get; init; } = CriterionPhase.Whole;

    /// <summary>How the measured value must compare with the threshold.</summary>
    public required CriterionComparison Comparison { get; init; }

    /// <summary>The absolute threshold (in the metric's unit), or the factor when <see cref="RelativeTo"/> is set.</summary>
    public required double Threshold { get; init; }

    /// <summary>The phase whose value of the same metric, times <see cref="Threshold"/>, is the threshold; null for an absolute one.</summary>
    public CriterionPhase? RelativeTo { get; init; }

    /// <summary>The unit of the metric: <c>%</c>, <c>ms</c> or <c>/s</c>.</summary>
    public string Unit => UnitOf(Metric);

    /// <summary>The criterion in its text form (the form <see cref="TryParse"/> reads and the spec stores).</summary>
    public string Text
    {
        get
        {
            var phase = Phase == CriterionPhase.Whole ? "" : $" {PhaseName(Phase)}";
            var threshold = RelativeTo is { } relative
                ? $"{Format(Threshold)} x {MetricName(Metric)} {PhaseName(relative)}"
                : Unit == "/s" ? $"{Format(Threshold)}/s" : $"{Format(Threshold)} {Unit}";
            return $"{MetricName(Metric)}{phase} {Operator(Comparison)} {threshold}";
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <summary>Whether <paramref name="measured"/> compares with <paramref name="threshold"/> as this criterion asks.</summary>
    public bool Holds(double measured, double threshold) => Comparison switch
    {
        CriterionComparison.AtMost => measured <= threshold,
        CriterionComparison.Below => measured < threshold,
        CriterionComparison.AtLeast => measured >= threshold,
        _ => measured > threshold,
    };

    /// <summary>The metric's value over <paramref name="totals"/>; null when a latency is asked of a phase without an ok response.</summary>
    public static double? ValueOf(CriterionMetric metric, LoadTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return metric switch
        {
            CriterionMetric.LossPercent => totals.LossPercent,
            CriterionMetric.ErrorRatePercent => totals.ErrorRatePercent,
            CriterionMetric.P50Ms => totals.Latency?.P50Ms,
            CriterionMetric.P95Ms => totals.Latency?.P95Ms,
            CriterionMetric.P99Ms => totals.Latency?.P99Ms,
            CriterionMetric.MeanMs => totals.Latency?.MeanMs,
            _ => totals.ThroughputPerSecond,
        };
    }

    /// <summary>The unit of <paramref name="metric"/>.</summary>
    public static string UnitOf(CriterionMetric metric) => metric switch
    {
        CriterionMetric.LossPercent or CriterionMetric.ErrorRatePercent => "%",
        CriterionMetric.ThroughputPerSecond => "/s",
        _ => "ms",
    };

    private static string Operator(CriterionComparison comparison) => comparison switch
    {
        CriterionComparison.AtMost => "<=",
        CriterionComparison.Below => "<",
        CriterionComparison.AtLeast => ">=",
        _ => ">",
    };

    private static string PhaseName(CriterionPhase phase) => phase.ToString().ToLowerInvariant();

    private static string MetricName(CriterionMetric metric) => s_metrics.First(m => m.Value == metric).Key;

    private static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
