using System.ComponentModel;
using System.Runtime.InteropServices;

namespace BlueGreen.Tests.SampleApp;

/// <summary>Sends POSIX signals by process id (what systemd or the lab does to stop a service).</summary>
public static class PosixSignals
{
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;

    /// <summary>Sends SIGTERM to <paramref name="pid"/>; throws with the errno when the kernel refuses.</summary>
    public static void Terminate(int pid) => Send(pid, SigTerm, "TERM");

    /// <summary>Sends SIGSTOP: the process hangs (its sockets stay open, the kernel still accepts connections on
    /// its listening socket, nothing answers) until <see cref="Continue"/>.</summary>
    public static void Stop(int pid) => Send(pid, SigStop, "STOP");

    /// <summary>Sends SIGCONT to a process stopped by <see cref="Stop"/>.</summary>
    public static void Continue(int pid) => Send(pid, SigCont, "CONT");

    private static void Send(int pid, int signal, string name)
    {
        if (kill(pid, signal) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new Win32Exception(errno, $"kill -{name} {pid} failed with errno {errno}");
        }
    }

    [DllImport("libc", SetLastError = true)]
#pragma warning disable IDE1006 // the libc name
    private static extern int kill(int pid, int sig);
#pragma warning restore IDE1006
}
