using MathStatistics = MathNet.Numerics.Statistics.Statistics;

namespace BlueGreen.Core.Statistics;

/// <summary>
/// The moments every test needs, from one pass over validated values. A constant sample has a variance of exactly 0:
/// computed, rounding could leave 1e-34, and a t statistic divided by it would be noise, not infinity.
/// </summary>
internal readonly record struct Sample(int N, double Mean, double Variance, double[] Values)
{
    public bool IsConstant => Variance == 0;

    /// <exception cref="ArgumentException">A value that is not finite.</exception>
    public static Sample Of(IEnumerable<double> values, string parameter)
    {
        ArgumentNullException.ThrowIfNull(values, parameter);
        var array = values.ToArray();
        foreach (var value in array)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"Every value must be a finite number (found {value}).", parameter);
            }
        }
        if (array.Length == 0)
        {
            return new Sample(0, 0, 0, array);
        }
        var constant = array.All(v => v == array[0]);
        var mean = constant ? array[0] : MathStatistics.Mean(array);
        var variance = constant || array.Length < 2 ? 0 : MathStatistics.Variance(array);
        return new Sample(array.Length, mean, variance, array);
    }
}
