namespace BlueGreen.SampleApp;

/// <summary>Requests being served right now; reported by <c>/health</c> so a caller can see a slow request arrive.</summary>
internal sealed class InFlightCounter
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Increment() => Interlocked.Increment(ref _count);

    public void Decrement() => Interlocked.Decrement(ref _count);
}
