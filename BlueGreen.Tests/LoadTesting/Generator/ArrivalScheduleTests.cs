using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Tests.LoadTesting.Generator;

public sealed class ArrivalScheduleTests
{
    [Fact]
    public void TimeOf_NoRampUp_IsIndexOverRate()
    {
        var schedule = new ArrivalSchedule(500, TimeSpan.Zero);

        Assert.Equal(0, schedule.TimeOf(0));
        Assert.Equal(0.002, schedule.TimeOf(1), 12);
        Assert.Equal(4.998, schedule.TimeOf(2499), 12);
    }

    [Fact]
    public void CountBefore_NoRampUp500PerSecondFor5Seconds_Is2500()
    {
        var schedule = new ArrivalSchedule(500, TimeSpan.Zero);

        Assert.Equal(2500, schedule.CountBefore(5));
        Assert.Equal(500, schedule.CountBefore(1));
        Assert.Equal(0, schedule.CountBefore(0));
    }

    [Theory]
    [InlineData(-0.1, 0)]
    [InlineData(0, 1)]        // request 0 is due at once
    [InlineData(0.0019, 1)]
    [InlineData(0.002, 2)]    // request 1 is due at exactly 1/rate
    [InlineData(1, 501)]
    public void CountDueBy_NoRampUp_CountsIntendedTimesUpToAndIncludingT(double seconds, long expected)
    {
        var schedule = new ArrivalSchedule(500, TimeSpan.Zero);

        Assert.Equal(expected, schedule.CountDueBy(seconds));
    }

    [Fact]
    public void CumulativeArrivals_RampUp_IsIntegralOfLinearRamp()
    {
        var schedule = new ArrivalSchedule(100, TimeSpan.FromSeconds(2));

        Assert.Equal(25, schedule.CumulativeArrivals(1), 9);   // 100 * 1^2 / (2 * 2)
        Assert.Equal(100, schedule.CumulativeArrivals(2), 9);  // half the full-rate count over the ramp
        Assert.Equal(300, schedule.CumulativeArrivals(4), 9);  // then 100/s
    }

    [Fact]
    public void TimeOf_RampUp_InvertsCumulativeArrivals()
    {
        var schedule = new ArrivalSchedule(100, TimeSpan.FromSeconds(2));

        Assert.Equal(Math.Sqrt(2), schedule.TimeOf(50), 12);   // N(sqrt 2) = 100 * 2 / 4 = 50
        Assert.Equal(2, schedule.TimeOf(100), 12);             // the ramp's end
        Assert.Equal(3, schedule.TimeOf(200), 12);             // i / R + T / 2
    }

    [Fact]
    public void CountBefore_RampUpPerSecond_FollowsTheRamp()
    {
        var schedule = new ArrivalSchedule(100, TimeSpan.FromSeconds(2));

        var perSecond = Enumerable.Range(0, 4).Select(s => schedule.CountBefore(s + 1) - schedule.CountBefore(s)).ToArray();

        Assert.Equal([25, 75, 100, 100], perSecond);
    }

    [Theory]
    [InlineData(500, 0)]
    [InlineData(333.3, 0)]
    [InlineData(100, 2)]
    [InlineData(450, 7.5)]
    public void Counts_AnySchedule_AgreeExactlyWithTimeOf(double rate, double rampUpSeconds)
    {
        var schedule = new ArrivalSchedule(rate, TimeSpan.FromSeconds(rampUpSeconds));

        for (var i = 0L; i < 5000; i++)
        {
            var t = schedule.TimeOf(i);
            Assert.True(t >= 0 && (i == 0 || t > schedule.TimeOf(i - 1)), $"TimeOf must increase at {i}");
            Assert.Equal(i + 1, schedule.CountDueBy(t));
            Assert.Equal(i, schedule.CountBefore(t));
        }
    }
}
