namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>Grades delay and loss into ETSI TIPHON categories (see <see cref="TiphonOptions"/> for the exact bounds).</summary>
public static class Tiphon
{
    /// <summary>Grades a delay (paper 000 grades the mean response time).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or not a number.</exception>
    public static TiphonGrade GradeDelay(double delayMs, TiphonOptions? options = null)
    {
        ThrowIfInvalid(delayMs);
        var o = options ?? TiphonOptions.Default;
        return delayMs < o.DelayVeryGoodBelowMs ? TiphonGrade.VeryGood
            : delayMs <= o.DelayGoodUpToMs ? TiphonGrade.Good
            : delayMs <= o.DelayMediumUpToMs ? TiphonGrade.Medium
            : TiphonGrade.Poor;
    }

    /// <summary>Grades a loss percentage (0..100).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative or not a number.</exception>
    public static TiphonGrade GradeLoss(double lossPercent, TiphonOptions? options = null)
    {
        ThrowIfInvalid(lossPercent);
        var o = options ?? TiphonOptions.Default;
        return lossPercent <= o.LossVeryGoodUpToPercent ? TiphonGrade.VeryGood
            : lossPercent <= o.LossGoodUpToPercent ? TiphonGrade.Good
            : lossPercent <= o.LossMediumUpToPercent ? TiphonGrade.Medium
            : TiphonGrade.Poor;
    }

    private static void ThrowIfInvalid(double value)
    {
        if (double.IsNaN(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Must be a non-negative number.");
        }
    }
}
