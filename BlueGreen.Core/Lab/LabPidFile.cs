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
        var stopped = 0;
        foreach (var record in stale)
        {
            var commandLine = Posix.CommandLine(record.Pid);
            if (commandLine is null || !commandLine.Contains(record.Marker, StringComparison.Ordinal))
            {
                continue;
            }
            logger.LogWarning("Stopping stale lab process {Name} (pid {Pid}) left by a previous run", record.Name, record.Pid);
            Posix.Kill(record.Pid, Posix.SigKill);
            stopped++;
            // Wait (bounded) for it to be gone, so its port is free for this run.
            for (var i = 0; i < 50 && Posix.CommandLine(record.Pid) is not null; i++)
            {
                Thread.Sleep(20);
            }
        }
        File.Delete(path);
        return stopped;
    }

    private void Save()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(_records));
        File.Move(temp, path, overwrite: true);
    }
}
