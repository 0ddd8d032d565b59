using System.Globalization;
using BlueGreen.Core.Lab;

namespace BlueGreen.Tests.Faults;

public sealed partial class DashboardKillTests
{
    /// <summary>
    /// The processes alive now whose working folder is <paramref name="labFolder"/> (the lab starts every sample
    /// service and its haproxy there), each with its start time from /proc: found by folder, not from the pid file, so
    /// a process the file missed is found too, and a pid reused later is not taken for the one seen now.
    /// </summary>
    private static Dictionary<int, long> ProcessesIn(string labFolder)
    {
        var found = new Dictionary<int, long>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                if (File.ResolveLinkTarget(Path.Combine(dir, "cwd"), returnFinalTarget: false)?.FullName == labFolder
                    && StartTime(pid) is { } started)
                {
                    found[pid] = started;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or another user's.
            }
        }
        return found;
    }

    /// <summary>The process's start time (clock ticks after boot, /proc/pid/stat field 22), or null when it is gone or
    /// has exited and waits to be reaped (a zombie holds no port and serves nothing).</summary>
    private static long? StartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // After "pid (comm) ": field 3 (state) onwards; comm may hold spaces, so split after its closing parenthesis.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[0] is "Z" or "X" ? null : long.Parse(fields[19], CultureInfo.InvariantCulture);
    }

    private static string CommandLine(int pid) => Posix.CommandLine(pid) ?? "(gone)";
}
