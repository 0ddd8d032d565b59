using System.Diagnostics;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// Request timeouts of one run, shared per 10-ms slot instead of a linked token source and a timer per request:
/// every request sent during a slot takes that slot's token, which is cancelled at the slot's end plus the timeout
/// (or at once when the run is aborted). So a request times out 0-10 ms after its own timeout, never before it, and
/// a run at 20,000 requests/s creates 100 token sources per second instead of 20,000.
/// </summary>
/// <remarks>
/// Thread-safe: the open model's requests start on pool threads, the closed loop's on its loops. The fast path is
/// one volatile read; a new slot is made under a lock, at most once per slot length. A slot's source is disposed
/// (which unregisters it from the abort token) only once it has been cancelled, i.e. after every request that took
/// its token has reached its timeout; the token itself is kept by value, so a late reader never touches a disposed
/// source. <see cref="Dispose"/> disposes the rest, after the run has ended.
/// </remarks>
internal sealed class TimeoutSlots : IDisposable
{
    private static readonly long s_slotTicks = Stopwatch.Frequency / 100;

    private readonly Queue<Slot> _live = new();
    private readonly Lock _lock = new();
    private readonly CancellationToken _abort;
    private readonly TimeSpan _deadlineAfterStart;
    private Slot? _current;

    /// <param name="timeout">The request timeout, measured from the actual send.</param>
    /// <param name="abort">Cancelled when a stopped run aborts what is still in flight.</param>
    /// <summary>How late CancelAfter may fire relative to the wall clock, at most.</summary>
    internal static readonly TimeSpan TimerCoarseness = TimeSpan.FromMilliseconds(16);

    public TimeoutSlots(TimeSpan timeout, CancellationToken abort)
    {
        _abort = abort;
        // Slot length, plus the coarseness of CancelAfter's clock (a few ms on Linux, ~15.6 ms on Windows), so a
        // request sent at the end of its slot is never cancelled before its own timeout.
        _deadlineAfterStart = timeout + TimeSpan.FromTicks(s_slotTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency) + TimerCoarseness;
    }

    /// <summary>The abort token: cancelled when the run's in-flight requests are aborted.</summary>
    public CancellationToken Abort => _abort;

    /// <summary>The token for a request sent at <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp).</summary>
    public CancellationToken TokenFor(long now)
    {
        var slot = Volatile.Read(ref _current);
        return slot is not null && now - slot.StartTicks < s_slotTicks ? slot.Token : NewSlot(now);
    }

    public void Dispose()
    {
        lock (_lock)
        {
            while (_live.TryDequeue(out var slot))
            {
                slot.Source.Dispose();
            }
        }
    }

    private CancellationToken NewSlot(long now)
    {
        lock (_lock)
        {
            var slot = _current;
            if (slot is not null && now - slot.StartTicks < s_slotTicks)
            {
                return slot.Token; // another thread made it meanwhile
            }
            while (_live.TryPeek(out var oldest) && oldest.Source.IsCancellationRequested)
            {
                _live.Dequeue().Source.Dispose();
            }
            var source = CancellationTokenSource.CreateLinkedTokenSource(_abort);
            source.CancelAfter(_deadlineAfterStart);
            slot = new Slot(now, source, source.Token);
            _live.Enqueue(slot);
            Volatile.Write(ref _current, slot);
            return slot.Token;
        }
    }

    private sealed record Slot(long StartTicks, CancellationTokenSource Source, CancellationToken Token);
}
