using MathNet.Numerics.Distributions;

namespace BlueGreen.Core.Statistics;

/// <summary>
/// Two-sample tests of a scenario sample against a baseline sample, all two-sided, distributions from MathNet.Numerics.
/// Both arguments are in that order everywhere: baseline first, scenario second; signs read "scenario − baseline".
/// <para>
/// Degenerate data gives a null p-value and a reason, never an exception or NaN: a sample with fewer than 2 values
/// (<see cref="TooFew"/>); for the t tests, two samples that do not vary at all (<see cref="BothConstantEqual"/> when
/// they are equal, <see cref="BothConstantDifferent"/> when they differ: t would be infinite and its p-value a claim the
/// data cannot back, while Mann-Whitney still ranks such samples and gives its p-value). Values that are not finite
/// are a caller's error and throw <see cref="ArgumentException"/>.
/// </para>
/// </summary>
public static partial class TwoSampleTests
{
    public const string TooFew = "each sample needs at least 2 runs";
    public const string BothConstantEqual = "both samples are constant and equal: there is no difference and no variance to test";
    public const string BothConstantDifferent = "both samples are constant but differ: with no variance a t test is undefined (see Mann-Whitney)";

    /// <summary>
    /// Student's two-sample t test with a pooled variance (equal variances assumed), the test paper 002 used:
    /// t = (x̄₂ − x̄₁) / (s_p √(1/n₁ + 1/n₂)), s_p² = ((n₁−1)s₁² + (n₂−1)s₂²) / (n₁+n₂−2), df = n₁+n₂−2.
    /// </summary>
    public static TwoSampleTestResult Student(IEnumerable<double> baseline, IEnumerable<double> scenario)
    {
        var (a, b) = (Sample.Of(baseline, nameof(baseline)), Sample.Of(scenario, nameof(scenario)));
        if (Untestable(a, b) is { } reason)
        {
            return TwoSampleTestResult.Untestable(reason);
        }
        var df = a.N + b.N - 2.0;
        var pooled = ((a.N - 1) * a.Variance + (b.N - 1) * b.Variance) / df;
        var t = (b.Mean - a.Mean) / Math.Sqrt(pooled * (1.0 / a.N + 1.0 / b.N));
        return TTest(t, df);
    }

    /// <summary>
    /// Welch's t test (variances not assumed equal): t = (x̄₂ − x̄₁) / √(s₁²/n₁ + s₂²/n₂), with the Welch-Satterthwaite
    /// df = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)).
    /// </summary>
    public static TwoSampleTestResult Welch(IEnumerable<double> baseline, IEnumerable<double> scenario)
    {
        var (a, b) = (Sample.Of(baseline, nameof(baseline)), Sample.Of(scenario, nameof(scenario)));
        if (Untestable(a, b) is { } reason)
        {
            return TwoSampleTestResult.Untestable(reason);
        }
        var (se, df) = WelchError(a, b);
        return TTest((b.Mean - a.Mean) / se, df);
    }

    /// <summary>Scenario mean − baseline mean, its 95 % confidence interval (Welch) and the ratio of the means.</summary>
    /// <exception cref="ArgumentException">A sample is empty, or has a value that is not finite.</exception>
    public static MeanDifference Difference(IEnumerable<double> baseline, IEnumerable<double> scenario)
    {
        var (a, b) = (Sample.Of(baseline, nameof(baseline)), Sample.Of(scenario, nameof(scenario)));
        if (a.N == 0 || b.N == 0)
        {
            throw new ArgumentException("A difference of means needs a value in each sample.", a.N == 0 ? nameof(baseline) : nameof(scenario));
        }
        var difference = b.Mean - a.Mean;
        var ratio = a.Mean == 0 ? null : Finite.OrNull(b.Mean / a.Mean);
        var reason = a.N < 2 || b.N < 2 ? TooFew
            : a.IsConstant && b.IsConstant ? "neither sample varies: the interval has no width to estimate"
            : null;
        if (reason is not null)
        {
            return new MeanDifference { Difference = difference, Ratio = ratio, Reason = reason };
        }
        var (se, df) = WelchError(a, b);
        var half = StudentT.InvCDF(0, 1, df, 0.975) * se;
        return new MeanDifference
        {
            Difference = difference,
            Ci95Low = Finite.OrNull(difference - half),
            Ci95High = Finite.OrNull(difference + half),
            Ratio = ratio,
        };
    }

    private static string? Untestable(Sample a, Sample b) =>
        a.N < 2 || b.N < 2 ? TooFew
        : a.IsConstant && b.IsConstant ? (a.Mean == b.Mean ? BothConstantEqual : BothConstantDifferent)
        : null;

    /// <summary>The standard error of the difference and the Welch-Satterthwaite df; at least one sample varies.</summary>
    private static (double StandardError, double DegreesOfFreedom) WelchError(Sample a, Sample b)
    {
        var (va, vb) = (a.Variance / a.N, b.Variance / b.N);
        var df = (va + vb) * (va + vb) / (va * va / (a.N - 1) + vb * vb / (b.N - 1));
        return (Math.Sqrt(va + vb), df);
    }

    private static TwoSampleTestResult TTest(double t, double df)
    {
        // Two-sided from the lower tail of -|t|: 1 - CDF(|t|) would lose every digit once the CDF rounds to 1.
        var p = Math.Min(1, 2 * StudentT.CDF(0, 1, df, -Math.Abs(t)));
        return double.IsFinite(t) && double.IsFinite(p)
            ? new TwoSampleTestResult { Statistic = t, DegreesOfFreedom = df, P = p }
            : TwoSampleTestResult.Untestable("the t statistic is not finite (values too large to compare)");
    }
}
