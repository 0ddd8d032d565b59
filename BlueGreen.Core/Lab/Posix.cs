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
