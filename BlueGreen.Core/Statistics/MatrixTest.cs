namespace BlueGreen.Core.Statistics;

/// <summary>
/// One scenario against the baseline scenario at one level (and client), on one metric: the two-sided p-values of
/// Student's pooled t test (<see cref="Student"/>, the test paper 002 used), Welch's t test and Mann-Whitney U, their
/// statistics, whether each is significant at the report's alpha, and the effect size (difference of means, scenario −
/// baseline, with its 95 % CI (Welch), and the ratio of means). A p-value is null when its test cannot be computed;
/// <see cref="Note"/> then says why (see <see cref="TwoSampleTests"/>).
/// </summary>
public sealed record MatrixTest
{
    public required string Level { get; init; }
    public required string Scenario { get; init; }
    public int? Client { get; init; }
    public required ResultMetric Metric { get; init; }
    public required int BaselineN { get; init; }
    public required int ScenarioN { get; init; }

    /// <summary>Two-sided p-value of Student's pooled-variance t test.</summary>
    public double? Student { get; init; }
    public double? StudentT { get; init; }
    public double? StudentDf { get; init; }
    public bool? StudentSignificant { get; init; }

    /// <summary>Two-sided p-value of Welch's t test.</summary>
    public double? Welch { get; init; }
    public double? WelchT { get; init; }
    public double? WelchDf { get; init; }
    public bool? WelchSignificant { get; init; }

    /// <summary>Two-sided p-value of Mann-Whitney U (normal approximation, tie and continuity corrected).</summary>
    public double? MannWhitney { get; init; }
    public double? MannWhitneyU { get; init; }
    public double? MannWhitneyZ { get; init; }
    public bool? MannWhitneySignificant { get; init; }

    /// <summary>Scenario mean − baseline mean, in the metric's unit.</summary>
    public required double MeanDifference { get; init; }
    public double? DifferenceCi95Low { get; init; }
    public double? DifferenceCi95High { get; init; }

    /// <summary>Scenario mean / baseline mean; null when the baseline mean is 0.</summary>
    public double? Ratio { get; init; }

    /// <summary>Why a value above is missing (the reasons of the tests, joined); null when nothing is.</summary>
    public string? Note { get; init; }
}
