using System.Diagnostics;
using System.Runtime.InteropServices;

namespace BlueGreen.Bench;

/// <summary>
/// Control for the pacer: a dedicated thread pausing 0.5 ms in a loop (usleep on Linux, 1 ms elsewhere), exactly as
/// the generator's pacer does (Core's PacerSleep), with
/// nothing else to do. The gaps between its wake-ups are how punctual any pacer can be on this machine right now;
/// a request's send lag cannot be expected below them.
/// </summary>
internal static class Jitter
{
    public static (double P50, double P99, double P999, double Max, long Count) Measure(TimeSpan duration)
    {
        var gaps = new List<double>(200_000);
        var thread = new Thread(() =>
        {
            var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            var last = Stopwatch.GetTimestamp();
            while (last < end)
            {
                if (OperatingSystem.IsLinux())
                {
                    _ = USleep(500);
                }
                else
                {
                    Thread.Sleep(1);
                }
                var now = Stopwatch.GetTimestamp();
                gaps.Add((now - last) * 1000.0 / Stopwatch.Frequency);
                last = now;
            }
        })
        { IsBackground = true, Name = "bench jitter probe", Priority = ThreadPriority.AboveNormal };
        thread.Start();
        thread.Join();
        gaps.Sort();
        double At(double p) => gaps[Math.Clamp((int)Math.Ceiling(p / 100 * gaps.Count) - 1, 0, gaps.Count - 1)];
        return (At(50), At(99), At(99.9), gaps[^1], gaps.Count);
    }

    [DllImport("libc", EntryPoint = "usleep")]
    private static extern int USleep(uint microseconds);
}
