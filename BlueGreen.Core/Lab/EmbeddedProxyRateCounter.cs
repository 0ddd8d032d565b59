namespace BlueGreen.Core.Lab;

/// <summary>
/// Events in the last second (HAProxy's <c>rate</c>): a count for the current whole second and one for the previous,
/// blended by how far into the current second we are. Incrementing is one interlocked add; rolling to a new second
/// takes a lock once per second. An increment racing a roll may land in the new second, which a rate can afford.
/// </summary>
internal sealed class EmbeddedProxyRateCounter
{
    private readonly Lock _rollLock = new();
    private long _second;
    private int _current;
    private int _previous;

    public void Increment(long timestamp, long frequency)
    {
        var second = timestamp / frequency;
        if (Volatile.Read(ref _second) != second)
        {
            Roll(second);
        }
        Interlocked.Increment(ref _current);
    }

    public int Read(long timestamp, long frequency)
    {
        var second = timestamp / frequency;
        var fraction = (double)(timestamp % frequency) / frequency;
        lock (_rollLock)
        {
            if (second == _second)
            {
                return (int)Math.Round(_previous * (1 - fraction) + Volatile.Read(ref _current));
            }
            return second == _second + 1 ? (int)Math.Round(Volatile.Read(ref _current) * (1 - fraction)) : 0;
        }
    }

    private void Roll(long second)
    {
        lock (_rollLock)
        {
            if (_second == second)
            {
                return;
            }
            var current = Interlocked.Exchange(ref _current, 0);
            _previous = second == _second + 1 ? current : 0;
            Volatile.Write(ref _second, second);
        }
    }
}
