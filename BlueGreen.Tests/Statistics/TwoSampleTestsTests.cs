using BlueGreen.Core.Statistics;

namespace BlueGreen.Tests.Statistics;

public sealed class TwoSampleTestsTests
{
    public static TheoryData<double[], double[], double> WelchCases() => new()
    {
        // Rosetta Code, "Welch's t-test" (data sets 1, 2 and 4 of the task, the first two from Wikipedia's "Welch's
        // t-test" examples), with the p-values the task publishes to 15 digits.
        {
            [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
            [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4],
            0.021378001462867
        },
        {
            [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8],
            [21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8],
            0.148841696605328
        },
        {
            [30.02, 29.99, 30.11, 29.97, 30.01, 29.99],
            [29.89, 29.93, 29.72, 29.98, 30.02, 29.98],
            0.090773324285671
        },
        {
            [3.0, 4.0, 1.0, 2.1],
            [490.2, 340.0, 433.9],
            0.010751561149785
        },
    };

    [Theory]
    [MemberData(nameof(WelchCases))]
    public void Welch_RosettaCodeDataSets_GivePublishedPValues(double[] baseline, double[] scenario, double expected)
    {
        var result = TwoSampleTests.Welch(baseline, scenario);

        Assert.Equal(expected, result.P!.Value, 9);
    }

    // R's output for t.test(ts1, ts2) (Welch by default), as printed in a worked answer:
    // t = -1.8325, df = 17.9, p-value = 0.08356, 95 percent confidence interval -2.1469104 0.1469104, means 10.4 and 11.4.
    private static readonly double[] s_ts1 = [11, 9, 10, 11, 10, 12, 9, 11, 12, 9];
    private static readonly double[] s_ts2 = [11, 13, 10, 13, 12, 9, 11, 12, 12, 11];

    [Fact]
    public void Welch_ROutput_GivesItsStatisticDfAndP()
    {
        var result = TwoSampleTests.Welch(s_ts1, s_ts2);

        // Ours reads scenario − baseline; R printed ts1 − ts2: the sign flips, nothing else.
        Assert.Equal(1.8325, result.Statistic!.Value, 4);
        Assert.Equal(17.9, result.DegreesOfFreedom!.Value, 1);
        Assert.Equal(0.08356, result.P!.Value, 5);
        Assert.Null(result.Reason);
    }

    [Fact]
    public void Difference_ROutput_GivesItsWelchInterval()
    {
        var difference = TwoSampleTests.Difference(s_ts1, s_ts2);

        Assert.Equal(1.0, difference.Difference, 12);
        Assert.Equal(-0.1469104, difference.Ci95Low!.Value, 7);
        Assert.Equal(2.1469104, difference.Ci95High!.Value, 7);
        Assert.Equal(11.4 / 10.4, difference.Ratio!.Value, 12);
    }

    [Fact]
    public void MannWhitney_WithTies_GivesRsPValue()
    {
        // R, wilcox.test(x, y) on x = 1 2 2 4 5 3 0, y = 4 6 3 8 11 11 (ties in 2, 3, 4 and 11): "Wilcoxon rank sum
        // test with continuity correction, W = 4, p-value = 0.01778" (R warns it cannot compute an exact p-value with
        // ties and uses the normal approximation with the tie-corrected variance).
        double[] x = [1, 2, 2, 4, 5, 3, 0];
        double[] y = [4, 6, 3, 8, 11, 11];

        var result = TwoSampleTests.MannWhitney(x, y);

        // R's W is U of its first sample; ours is U of the scenario (the second): 7 × 6 − 4.
        Assert.Equal(38, result.Statistic);
        Assert.Equal(0.01778, result.P!.Value, 5);
        Assert.True(result.Z > 0);
    }

    [Fact]
    public void MannWhitney_NoTies_GivesSciPysAsymptoticPValue()
    {
        // SciPy, scipy.stats.mannwhitneyu documentation example (males 19 22 16 29 24, females 20 11 17 12):
        // U1 = 17; method="asymptotic" (continuity corrected) gives pvalue = 0.11134688653314041.
        var result = TwoSampleTests.MannWhitney([20, 11, 17, 12], [19, 22, 16, 29, 24]);

        Assert.Equal(17, result.Statistic);
        Assert.Equal(0.11134688653314041, result.P!.Value, 12);
    }

    [Fact]
    public void Student_EqualMeans_GivesPOfOne()
    {
        var result = TwoSampleTests.Student([1, 2, 3], [3, 2, 1]);

        Assert.Equal(0, result.Statistic);
        Assert.Equal(4, result.DegreesOfFreedom);
        Assert.Equal(1, result.P);
    }

    [Fact]
    public void AllTests_OneRun_GiveNoPValueAndSaySo()
    {
        double[] one = [5];
        double[] many = [1, 2, 3];

        foreach (var result in new[] { TwoSampleTests.Student(one, many), TwoSampleTests.Welch(many, one), TwoSampleTests.MannWhitney(one, many) })
        {
            Assert.Null(result.P);
            Assert.Null(result.Statistic);
            Assert.Equal(TwoSampleTests.TooFew, result.Reason);
        }
        var difference = TwoSampleTests.Difference(one, many);
        Assert.Equal(-3, difference.Difference);
        Assert.Null(difference.Ci95Low);
        Assert.Equal(TwoSampleTests.TooFew, difference.Reason);
    }

    [Fact]
    public void AllTests_BothConstantAndEqual_GiveNoPValueAndSaySo()
    {
        // The lab's usual error rate: 0 % in every run of both scenarios.
        double[] zeros = [0, 0, 0, 0];

        Assert.Equal(TwoSampleTests.BothConstantEqual, TwoSampleTests.Student(zeros, zeros).Reason);
        Assert.Equal(TwoSampleTests.BothConstantEqual, TwoSampleTests.Welch(zeros, zeros).Reason);
        Assert.Equal(TwoSampleTests.AllTied, TwoSampleTests.MannWhitney(zeros, zeros).Reason);
        Assert.Null(TwoSampleTests.MannWhitney(zeros, zeros).P);
        var difference = TwoSampleTests.Difference(zeros, zeros);
        Assert.Equal(0, difference.Difference);
        Assert.Null(difference.Ratio);
        Assert.NotNull(difference.Reason);
    }

    [Fact]
    public void BothConstantButDifferent_TTestsSaySo_MannWhitneyStillRanks()
    {
        double[] baseline = [0, 0, 0];
        double[] scenario = [5, 5, 5];

        var student = TwoSampleTests.Student(baseline, scenario);
        var welch = TwoSampleTests.Welch(baseline, scenario);
        var mannWhitney = TwoSampleTests.MannWhitney(baseline, scenario);

        Assert.Null(student.P);
        Assert.Equal(TwoSampleTests.BothConstantDifferent, student.Reason);
        Assert.Null(welch.P);
        Assert.Equal(TwoSampleTests.BothConstantDifferent, welch.Reason);
        // U = 9 of 9, mean 4.5, two groups of 3 ties: σ² = 9/12 · (7 − 48/30) = 4.05, z = 4/√4.05, p = 2Φ(−z).
        Assert.Equal(9, mannWhitney.Statistic);
        Assert.Equal(0.046854177603874, mannWhitney.P!.Value, 9);
    }

    [Fact]
    public void OneConstantSample_IsTestedWithTheOthersVariance()
    {
        // Welch's df falls to n − 1 of the sample that varies.
        var result = TwoSampleTests.Welch([0, 0, 0, 0], [1, 2, 3]);

        Assert.Equal(2, result.DegreesOfFreedom!.Value, 12);
        Assert.NotNull(result.P);
    }

    [Fact]
    public void AllTests_NotFinite_Throw()
    {
        Assert.Throws<ArgumentException>(() => TwoSampleTests.Student([1, double.NaN], [1, 2]));
        Assert.Throws<ArgumentException>(() => TwoSampleTests.Welch([1, 2], [double.NegativeInfinity, 2]));
        Assert.Throws<ArgumentException>(() => TwoSampleTests.MannWhitney([1, 2], [double.NaN, 2]));
        Assert.Throws<ArgumentException>(() => TwoSampleTests.Difference([], [1, 2]));
    }

    [Fact]
    public void Difference_ZeroBaselineMean_HasNoRatio()
    {
        var difference = TwoSampleTests.Difference([0, 0, 0], [0.1, 0.2, 0.3]);

        Assert.Null(difference.Ratio);
        Assert.Equal(0.2, difference.Difference, 12);
        Assert.NotNull(difference.Ci95Low);
    }
}
