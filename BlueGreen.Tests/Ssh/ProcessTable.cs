using System.Globalization;

namespace BlueGreen.Tests.Ssh;

/// <summary>Reads /proc: which processes exist, their parents and names. Loopback tests see the "remote" processes
/// on this machine, so they can check that a stopped command really ended.</summary>
public static class ProcessTable
{
    /// <summary>True when <paramref name="pid"/> exists and is not a zombie (a zombie has ended; only its parent has
    /// not collected it, and in a container the collector may be slow).</summary>
    public static bool IsRunning(int pid)
    {
        var stat = ReadStat(pid);
        return stat is not null && stat.Value.State is not 'Z' and not 'X';
    }

    /// <summary>Waits until <paramref name="pid"/> is no longer running; false when it still runs after <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitUntilGoneAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (IsRunning(pid))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(50, cancellationToken);
        }
        return true;
    }

    /// <summary>Live child processes of <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> Children(int pid) =>
        AllPids().Where(p => ReadStat(p) is { State: not 'Z' and not 'X' } s && s.Parent == pid).ToList();

    /// <summary>All live descendants of <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var result = new List<int>();
        var queue = new Queue<int>([pid]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var child in Children(current))
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }
        return result;
    }

    /// <summary>The process name (comm), or null when it is gone.</summary>
    public static string? Name(int pid) => ReadStat(pid)?.Name;

    /// <summary>Reads a pid written by a shell (<c>echo $! &gt; file</c>).</summary>
    public static int ReadPidFile(string path) => int.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture);

    private static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(n => n is not null && n.All(char.IsAsciiDigit))
            .Select(n => int.Parse(n!, CultureInfo.InvariantCulture));

    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces and parentheses, so split at the last ')'.
    private static (string Name, char State, int Parent)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        var open = text.IndexOf('(', StringComparison.Ordinal);
        var close = text.LastIndexOf(')');
        var fields = text[(close + 2)..].Split(' ');
        return (text[(open + 1)..close], fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
    }
}
