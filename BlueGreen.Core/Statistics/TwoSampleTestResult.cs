namespace BlueGreen.Core.Statistics;

/// <summary>
/// One two-sample test of a scenario against a baseline: its statistic (t, or U for Mann-Whitney), degrees of freedom
/// (t tests) or z (Mann-Whitney), and the two-sided p-value. When the data cannot be tested, P is null and
/// <see cref="Reason"/> says why; nothing here is ever NaN.
/// </summary>
public sealed record TwoSampleTestResult
{
    /// <summary>t (scenario − baseline, positive when the scenario is larger) or Mann-Whitney's U of the scenario.</summary>
    public double? Statistic { get; init; }

    /// <summary>Degrees of freedom of a t test; null for Mann-Whitney.</summary>
    public double? DegreesOfFreedom { get; init; }

    /// <summary>Mann-Whitney's z after the tie and continuity corrections, signed like t; null for t tests.</summary>
    public double? Z { get; init; }

    /// <summary>Two-sided p-value, in [0, 1].</summary>
    public double? P { get; init; }

    /// <summary>Why there is no p-value; null when there is one.</summary>
    public string? Reason { get; init; }

    internal static TwoSampleTestResult Untestable(string reason) => new() { Reason = reason };
}
