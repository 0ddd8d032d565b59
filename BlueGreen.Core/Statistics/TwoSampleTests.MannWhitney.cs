using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;
using MathStatistics = MathNet.Numerics.Statistics.Statistics;

namespace BlueGreen.Core.Statistics;

public static partial class TwoSampleTests
{
    public const string AllTied = "every value of both samples is the same: there is nothing to rank";

    /// <summary>
    /// Mann-Whitney U test (Wilcoxon rank-sum), two-sided, by the normal approximation, as R's <c>wilcox.test(x, y,
    /// exact = FALSE, correct = TRUE)</c> and SciPy's <c>mannwhitneyu(method="asymptotic")</c> compute it: both samples
    /// ranked together, ties given their average rank; U of the scenario = R₂ − n₂(n₂+1)/2; mean n₁n₂/2; variance
    /// corrected for ties, n₁n₂/12 · ((N+1) − Σ(t³−t) / (N(N−1))) over the groups of t tied values; a continuity
    /// correction of 1/2 towards the mean, z = (|U − n₁n₂/2| − ½) / σ (0 when that is negative), p = 2 Φ(−z).
    /// No exact distribution: with small samples (n ≤ 10 each) this p-value is an approximation and is read as such.
    /// </summary>
    public static TwoSampleTestResult MannWhitney(IEnumerable<double> baseline, IEnumerable<double> scenario)
    {
        var (a, b) = (Sample.Of(baseline, nameof(baseline)), Sample.Of(scenario, nameof(scenario)));
        if (a.N < 2 || b.N < 2)
        {
            return TwoSampleTestResult.Untestable(TooFew);
        }
        var all = a.Values.Concat(b.Values).ToArray();
        var ranks = MathStatistics.Ranks(all, RankDefinition.Average);
        var n = (double)all.Length;
        var u = ranks.Skip(a.N).Sum() - b.N * (b.N + 1) / 2.0;
        var mean = a.N * (double)b.N / 2;
        var ties = all.GroupBy(v => v).Select(g => (double)g.Count()).Sum(t => t * t * t - t);
        var variance = a.N * (double)b.N / 12 * (n + 1 - ties / (n * (n - 1)));
        if (variance <= 0)
        {
            return TwoSampleTestResult.Untestable(AllTied);
        }
        var z = Math.Max(Math.Abs(u - mean) - 0.5, 0) / Math.Sqrt(variance);
        var p = Math.Min(1, 2 * Normal.CDF(0, 1, -z));
        return new TwoSampleTestResult { Statistic = u, Z = Math.Sign(u - mean) * z, P = p };
    }
}
