using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.Lab;

/// <summary>
/// Remembers the lab's processes on disk, so that after a crash (SIGKILL, power loss) the next start can find
/// and stop the ones left running. Written after every change, atomically (temp file + rename).
/// </summary>
internal sealed class LabPidFile(string path, ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly List<LabProcessRecord> _records = [];

    public string Path => path;

    public void Add(LabProcessRecord record)
    {
        lock (_lock)
        {
            _records.Add(record);
            Save();
        }
    }

    public void Remove(int pid)
    {
        lock (_lock)
        {
            _records.RemoveAll(r => r.Pid == pid);
            Save();
        }
    }

    /// <summary>Stops every process a previous run left in the file (checking its command line first) and clears it.
    /// Returns how many were stopped.</summary>
    public int StopStale()
    {
        if (!File.Exists(path))
        {
            return 0;
        }
        List<LabProcessRecord> stale;
        try
        {
            stale = JsonSerializer.Deserialize<List<LabProcessRecord>>(File.ReadAllText(path)) ?? [];
        }
        catch (JsonException ex)
        {
            logger.LogWarning("Ignoring unreadable lab pid file {Path}: {Error}", path, ex.Message);
            stale = [];
        }
        // Still ours: the pid runs the command line it was started with (a reused pid is someone else's process).
        var alive = stale.Where(r => Posix.CommandLine(r.Pid) is { } commandLine && commandLine.Contains(r.Marker, StringComparison.Ordinal)).ToList();
        // The front end first: once it is gone clients are refused at once, instead of HAProxy answering 503 after its
        // retries while the services behind it are killed one by one. All at once, then one bounded wait, so the
        // front end is down no longer than it must be.
        foreach (var record in alive.OrderBy(r => r.Name == "haproxy" ? 0 : 1))
        {
            logger.LogWarning("Stopping stale lab process {Name} (pid {Pid}) left by a previous run", record.Name, record.Pid);
            Posix.Kill(record.Pid, Posix.SigKill);
        }
        // Wait (bounded) until they have exited, so their ports are free for this run. An exited process whose parent
        // (the dead dashboard) is gone waits for init to reap it: it is exited, not running, and holds no port.
        for (var i = 0; i < 100 && alive.Any(r => Posix.IsRunning(r.Pid)); i++)
        {
            Thread.Sleep(20);
        }
        File.Delete(path);
        return alive.Count;
    }

    private void Save()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(_records));
        File.Move(temp, path, overwrite: true);
    }
}
