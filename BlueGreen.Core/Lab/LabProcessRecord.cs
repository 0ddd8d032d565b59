namespace BlueGreen.Core.Lab;

/// <summary>One process the lab started, as written to the pid file. <see cref="Marker"/> is a piece of its command
/// line, checked before a stale pid is killed, so a reused pid of someone else's process is never touched.</summary>
public sealed record LabProcessRecord(int Pid, string Name, string Marker);
