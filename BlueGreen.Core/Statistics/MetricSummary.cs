using MathNet.Numerics.Distributions;

namespace BlueGreen.Core.Statistics;

/// <summary>
/// One sample (a metric over a cell's repetitions) described: n, mean, sample standard deviation (n - 1) and the 95 %
/// confidence interval of the mean, mean ± t(0.975, n - 1) · sd / √n. With n = 1 there is no spread to measure:
/// <see cref="Sd"/> and the interval are null (never NaN, which JSON cannot carry).
/// </summary>
public sealed record MetricSummary
{
    public required int N { get; init; }
    public required double Mean { get; init; }
    public double? Sd { get; init; }
    public double? Ci95Low { get; init; }
    public double? Ci95High { get; init; }

    /// <summary>Describes <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">No value, or one that is not finite.</exception>
    public static MetricSummary Of(IReadOnlyCollection<double> values)
    {
        var sample = Sample.Of(values, nameof(values));
        if (sample.N == 0)
        {
            throw new ArgumentException("A summary needs at least one value.", nameof(values));
        }
        if (sample.N == 1)
        {
            return new MetricSummary { N = 1, Mean = sample.Mean };
        }
        var sd = Math.Sqrt(sample.Variance);
        var half = StudentT.InvCDF(0, 1, sample.N - 1, 0.975) * sd / Math.Sqrt(sample.N);
        return new MetricSummary
        {
            N = sample.N,
            Mean = sample.Mean,
            Sd = Finite.OrNull(sd),
            Ci95Low = Finite.OrNull(sample.Mean - half),
            Ci95High = Finite.OrNull(sample.Mean + half),
        };
    }
}
