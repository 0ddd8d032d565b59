using System.Diagnostics;

namespace BlueGreen.Bench;

/// <summary>What the process had used at one instant: CPU (all threads, from /proc/self/stat), bytes allocated, GCs.</summary>
internal readonly record struct CostPoint(long Ticks, TimeSpan Cpu, long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan GcPause)
{
    public static CostPoint Now()
    {
        // Precise allocation count first: it is the slower call and must not be charged to the CPU reading.
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var self = Process.GetCurrentProcess();
        return new CostPoint(Stopwatch.GetTimestamp(), self.TotalProcessorTime, allocated,
            GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
    }
}

/// <summary>
/// Takes a <see cref="CostPoint"/> at the start and at the end of the measured window (after the warm-up), on its
/// own thread, so JIT, connection set-up and the process start are not charged to the steady state.
/// </summary>
internal sealed class CostProbe
{
    private readonly Thread _thread;
    private readonly long _from;
    private readonly long _to;

    public CostProbe(long fromTicks, long toTicks)
    {
        _from = fromTicks;
        _to = toTicks;
        _thread = new Thread(Run) { IsBackground = true, Name = "bench cost probe", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public CostPoint Start { get; private set; }

    public CostPoint End { get; private set; }

    public void Join() => _thread.Join();

    private void Run()
    {
        SleepUntil(_from);
        Start = CostPoint.Now();
        SleepUntil(_to);
        End = CostPoint.Now();
    }

    private static void SleepUntil(long ticks)
    {
        while (true)
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), ticks);
            if (left <= TimeSpan.Zero)
            {
                return;
            }
            Thread.Sleep(left > TimeSpan.FromMilliseconds(2) ? left - TimeSpan.FromMilliseconds(1) : TimeSpan.FromMilliseconds(0.2));
        }
    }
}
