using System.ComponentModel;
using System.Runtime.InteropServices;

namespace BlueGreen.Tests.SampleApp;

/// <summary>Sends POSIX signals by process id (what systemd or the lab does to stop a service).</summary>
public static class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM to <paramref name="pid"/>; throws with the errno when the kernel refuses.</summary>
    public static void Terminate(int pid)
    {
        if (kill(pid, SigTerm) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new Win32Exception(errno, $"kill -TERM {pid} failed with errno {errno}");
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable IDE1006 // the libc name
    private static extern int kill(int pid, int sig);
#pragma warning restore IDE1006
}
