using System.Runtime.InteropServices;

namespace BlueGreen.Core.Lab;

/// <summary>The few POSIX calls .NET lacks: a graceful SIGTERM (Process.Kill sends SIGKILL).</summary>
internal static class Posix
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SysKill(int pid, int signal);

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process does not exist.</summary>
    public static bool Kill(int pid, int signal) => SysKill(pid, signal) == 0;

    /// <summary>True until the process has exited completely. A process that exited and waits for its parent to reap
    /// it (a zombie: an orphan of a killed dashboard waits for init) holds no port; but a killed multi-threaded process
    /// (a .NET service) can show its main thread a zombie while its other threads still exit and still hold its
    /// sockets, so it counts as exited only once it is a zombie with one thread left.</summary>
    public static bool IsRunning(int pid)
    {
        string[] status;
        try
        {
            status = File.ReadAllLines($"/proc/{pid}/status");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        var state = Field(status, "State:");
        return !(state.StartsWith('Z') || state.StartsWith('X')) || Field(status, "Threads:") is not ("1" or "0" or "");
    }

    private static string Field(string[] status, string name)
        => status.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal))?[name.Length..].Trim() ?? "";

    /// <summary>The process's command line from /proc, or null when it is gone (or not on Linux).</summary>
    public static string? CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
