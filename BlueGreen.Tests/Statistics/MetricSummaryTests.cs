using BlueGreen.Core.Statistics;

namespace BlueGreen.Tests.Statistics;

public sealed class MetricSummaryTests
{
    [Fact]
    public void Of_LaneWorkedExample_GivesItsInterval()
    {
        // D. M. Lane et al., Online Statistics Education (Rice University), "Confidence Interval for the Mean": the five
        // numbers 2, 3, 5, 6, 9 have mean 5, s_M = 1.225, t(0.975, 4) = 2.776, so the 95 % interval is 1.60 to 8.40.
        var summary = MetricSummary.Of([2, 3, 5, 6, 9]);

        Assert.Equal(5, summary.N);
        Assert.Equal(5, summary.Mean, 12);
        Assert.Equal(Math.Sqrt(7.5), summary.Sd!.Value, 12);
        Assert.Equal(1.60, summary.Ci95Low!.Value, 2);
        Assert.Equal(8.40, summary.Ci95High!.Value, 2);
    }

    [Fact]
    public void Of_SixValues_MatchesPublishedInterval()
    {
        // A worked exercise with every digit printed ("The following random sample was selected from a normal
        // distribution: 5, 8, 4, 6, 10, 3", homeworksource.com 1070724): mean 6, s = 2.607680962, t = 2.570581836,
        // interval (3.263406661, 8.736593339).
        var summary = MetricSummary.Of([5, 8, 4, 6, 10, 3]);

        Assert.Equal(2.607680962, summary.Sd!.Value, 9);
        Assert.Equal(3.263406661, summary.Ci95Low!.Value, 8);
        Assert.Equal(8.736593339, summary.Ci95High!.Value, 8);
    }

    [Fact]
    public void Of_OneValue_HasNoSpreadAndNoInterval()
    {
        var summary = MetricSummary.Of([42.5]);

        Assert.Equal(1, summary.N);
        Assert.Equal(42.5, summary.Mean);
        Assert.Null(summary.Sd);
        Assert.Null(summary.Ci95Low);
        Assert.Null(summary.Ci95High);
    }

    [Fact]
    public void Of_ConstantValues_HasZeroSpreadAndAPointInterval()
    {
        // 0.1 is not exact in binary: a computed variance would be a few ulps, not 0.
        var summary = MetricSummary.Of([0.1, 0.1, 0.1]);

        Assert.Equal(0, summary.Sd);
        Assert.Equal(0.1, summary.Ci95Low);
        Assert.Equal(0.1, summary.Ci95High);
    }

    [Fact]
    public void Of_NoValueOrNaN_Throws()
    {
        Assert.Throws<ArgumentException>(() => MetricSummary.Of([]));
        Assert.Throws<ArgumentException>(() => MetricSummary.Of([1, double.NaN]));
        Assert.Throws<ArgumentException>(() => MetricSummary.Of([1, double.PositiveInfinity]));
    }
}
