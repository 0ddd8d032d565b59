namespace BlueGreen.Core.Statistics;

/// <summary>
/// The effect size of a scenario against a baseline: the difference of means (scenario − baseline) with its 95 %
/// confidence interval (Welch: difference ± t(0.975, Welch-Satterthwaite df) · √(s₁²/n₁ + s₂²/n₂)), and the ratio of
/// means (null when the baseline mean is 0). The interval is null, with a <see cref="Reason"/>, when a sample has fewer
/// than 2 values or neither varies.
/// </summary>
public sealed record MeanDifference
{
    public required double Difference { get; init; }
    public double? Ci95Low { get; init; }
    public double? Ci95High { get; init; }

    /// <summary>Scenario mean / baseline mean; null when the baseline mean is 0.</summary>
    public double? Ratio { get; init; }

    /// <summary>Why the interval is missing; null when it is there.</summary>
    public string? Reason { get; init; }
}
