using System.Runtime.InteropServices;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// The pacer's pause between passes: 0.5 ms on Linux (<c>usleep</c>; Thread.Sleep cannot sleep less than 1 ms), so
/// a request due just after a pass waits about half as long; 1 ms elsewhere. A pass costs a few µs when nothing is
/// due, so the extra wake-ups cost about 1 % of a core.
/// </summary>
internal static class PacerSleep
{
    private const uint PauseMicroseconds = 500;
    private static volatile bool s_nativeFailed;

    public static void Pause()
    {
        if (OperatingSystem.IsLinux() && !s_nativeFailed)
        {
            try
            {
                _ = USleep(PauseMicroseconds);
                return;
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or MarshalDirectiveException)
            {
                // No usleep here (e.g. an unusual libc or a sandbox): 1-ms sleeps from now on, never a failed run.
                s_nativeFailed = true;
            }
        }
        Thread.Sleep(1);
    }

    // DllImport, not LibraryImport: the signature is blittable, and LibraryImport would need unsafe code enabled.
    [DllImport("libc", EntryPoint = "usleep")]
    private static extern int USleep(uint microseconds);
}
