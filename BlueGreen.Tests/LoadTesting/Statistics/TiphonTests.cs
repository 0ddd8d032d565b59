using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Tests.LoadTesting.Statistics;

public sealed class TiphonTests
{
    [Theory]
    [InlineData(0, TiphonGrade.VeryGood)]
    [InlineData(149.999, TiphonGrade.VeryGood)]
    [InlineData(150, TiphonGrade.Good)]          // "< 150 ms" is very good, so 150 itself is good
    [InlineData(300, TiphonGrade.Good)]
    [InlineData(300.001, TiphonGrade.Medium)]
    [InlineData(450, TiphonGrade.Medium)]        // "> 450 ms" is poor, so 450 itself is medium
    [InlineData(450.001, TiphonGrade.Poor)]
    [InlineData(2000, TiphonGrade.Poor)]
    public void GradeDelay_Boundaries_AreExact(double delayMs, TiphonGrade expected)
    {
        Assert.Equal(expected, Tiphon.GradeDelay(delayMs));
    }

    [Theory]
    [InlineData(0, TiphonGrade.VeryGood)]
    [InlineData(3, TiphonGrade.VeryGood)]        // 0-3 % very good, both ends included
    [InlineData(3.0001, TiphonGrade.Good)]
    [InlineData(3.44, TiphonGrade.Good)]         // paper 000, before the update, scenario 6: "baik"
    [InlineData(15, TiphonGrade.Good)]
    [InlineData(15.0001, TiphonGrade.Medium)]
    [InlineData(21.568, TiphonGrade.Medium)]     // paper 000, scenario 8: "sedang"
    [InlineData(25, TiphonGrade.Medium)]
    [InlineData(25.0001, TiphonGrade.Poor)]
    [InlineData(100, TiphonGrade.Poor)]
    public void GradeLoss_Boundaries_AreExact(double lossPercent, TiphonGrade expected)
    {
        Assert.Equal(expected, Tiphon.GradeLoss(lossPercent));
    }

    [Fact]
    public void Grade_CustomOptions_UsesThem()
    {
        var options = new TiphonOptions { DelayVeryGoodBelowMs = 100, DelayGoodUpToMs = 200, DelayMediumUpToMs = 300, LossVeryGoodUpToPercent = 1 };

        Assert.Equal(TiphonGrade.Good, Tiphon.GradeDelay(100, options));
        Assert.Equal(TiphonGrade.Poor, Tiphon.GradeDelay(300.5, options));
        Assert.Equal(TiphonGrade.Good, Tiphon.GradeLoss(2, options));
    }

    [Fact]
    public void Grade_NegativeOrNaN_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Tiphon.GradeDelay(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Tiphon.GradeLoss(double.NaN));
    }

    [Fact]
    public void Validate_DescendingOrNegativeThresholds_ReportsEach()
    {
        var options = new TiphonOptions { DelayGoodUpToMs = 100, LossVeryGoodUpToPercent = -1 };

        var problems = options.Validate();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Delay", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Loss", StringComparison.Ordinal));
        Assert.Empty(TiphonOptions.Default.Validate());
    }
}
