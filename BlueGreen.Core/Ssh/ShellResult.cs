namespace BlueGreen.Core.Ssh;

/// <summary>How a command ended.</summary>
public sealed class ShellResult
{
    /// <summary>The exit status. A command ended by a signal reports 128 + the signal number, as shells do
    /// (143 for TERM, 137 for KILL); -1 when the host reported neither.</summary>
    public required int ExitCode { get; init; }

    /// <summary>From the start of the command (connection excluded) until its end.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>The command ran longer than <see cref="ShellCommand.Timeout"/> and was stopped.</summary>
    public bool TimedOut { get; init; }

    /// <summary>The signal that ended the command (<c>TERM</c>, <c>KILL</c>, ...), when the host reported one.</summary>
    public string? ExitSignal { get; init; }

    /// <summary>Exit code 0 and not timed out.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
