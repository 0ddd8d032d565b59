namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// The open model's arrival schedule of one client, computed arithmetically (never by accumulating intervals, so
/// there is no drift): the rate rises linearly from 0 to <see cref="Rate"/> over <see cref="RampUpSeconds"/>, then
/// stays. Request <c>i</c> (0-based) is intended at the time the cumulative arrivals reach <c>i</c>, so request 0 is
/// at 0 and, without ramp-up, request <c>i</c> is at <c>i / rate</c>.
/// </summary>
/// <remarks>
/// Cumulative arrivals: <c>N(t) = R t^2 / (2T)</c> for <c>t &lt; T</c>, then <c>R T / 2 + R (t - T)</c>.
/// Inverse: <c>t(i) = sqrt(2 T i / R)</c> for <c>i &lt; R T / 2</c>, then <c>i / R + T / 2</c>.
/// The counting methods are defined through <see cref="TimeOf"/> (corrected after the closed form), so they agree
/// with it exactly, even where floating point rounding would make the closed forms disagree.
/// </remarks>
public sealed class ArrivalSchedule
{
    private readonly double _rampArrivals;

    /// <summary>Creates a schedule.</summary>
    /// <param name="rate">Requests per second after the ramp-up (&gt; 0).</param>
    /// <param name="rampUp">Length of the linear ramp from 0 (zero for none).</param>
    public ArrivalSchedule(double rate, TimeSpan rampUp)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfLessThan(rampUp, TimeSpan.Zero);
        Rate = rate;
        RampUpSeconds = rampUp.TotalSeconds;
        _rampArrivals = rate * RampUpSeconds / 2;
    }

    /// <summary>Requests per second after the ramp-up.</summary>
    public double Rate { get; }

    /// <summary>Ramp-up length in seconds.</summary>
    public double RampUpSeconds { get; }

    /// <summary>Cumulative arrivals <c>N(t)</c> (continuous) at <paramref name="seconds"/> from the start.</summary>
    public double CumulativeArrivals(double seconds)
    {
        if (seconds <= 0)
        {
            return 0;
        }
        return seconds < RampUpSeconds
            ? Rate * seconds * seconds / (2 * RampUpSeconds)
            : _rampArrivals + Rate * (seconds - RampUpSeconds);
    }

    /// <summary>Intended send time, in seconds from the start, of request <paramref name="index"/> (0-based).</summary>
    public double TimeOf(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return index < _rampArrivals
            ? Math.Sqrt(2 * RampUpSeconds * index / Rate)
            : index / Rate + RampUpSeconds / 2;
    }

    /// <summary>How many requests are due by <paramref name="seconds"/>, inclusive: the count of <c>i</c> with <c>TimeOf(i) &lt;= t</c>.</summary>
    public long CountDueBy(double seconds)
    {
        if (seconds < 0)
        {
            return 0;
        }
        var count = (long)Math.Floor(CumulativeArrivals(seconds)) + 1;
        return Correct(count, i => TimeOf(i) <= seconds);
    }

    /// <summary>How many requests are intended strictly before <paramref name="seconds"/>: the count of <c>i</c> with <c>TimeOf(i) &lt; t</c>.</summary>
    public long CountBefore(double seconds)
    {
        if (seconds <= 0)
        {
            return 0;
        }
        var count = (long)Math.Ceiling(CumulativeArrivals(seconds));
        return Correct(count, i => TimeOf(i) < seconds);
    }

    // The closed form may be off by one at an exact boundary; step until 'count' is the number of leading indices
    // satisfying 'included' (which is monotone: true for a prefix of indices).
    private static long Correct(long count, Func<long, bool> included)
    {
        while (count > 0 && !included(count - 1))
        {
            count--;
        }
        while (included(count))
        {
            count++;
        }
        return count;
    }
}
