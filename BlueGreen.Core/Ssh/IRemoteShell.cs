namespace BlueGreen.Core.Ssh;

/// <summary>
/// Runs one shell command on a host and streams its output. Two implementations: <see cref="SshRemoteShell"/>
/// (app servers, over SSH) and <see cref="LocalShell"/> (the dashboard host, for the lab). Both are thread-safe
/// singletons; several commands may run at once, also on the same host.
/// </summary>
public interface IRemoteShell
{
    /// <summary>
    /// Runs <paramref name="command"/> and returns when it has ended and all its output was delivered.
    /// </summary>
    /// <param name="command">What to run where, and how long it may take.</param>
    /// <param name="onLine">Called once per line of stdout or stderr as it arrives (not at the end), one call at a
    /// time, in arrival order per stream. If it throws, the command is stopped and the exception propagates.</param>
    /// <param name="cancellationToken">Stops the command: the process (group) is signalled and the call waits until
    /// it has ended (bounded by a grace period), then throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>The exit code and duration. When <see cref="ShellCommand.Timeout"/> elapsed the command was
    /// stopped the same way and <see cref="ShellResult.TimedOut"/> is set; that is a result, not an exception.</returns>
    /// <exception cref="RemoteShellException">The command could not be started or its connection was lost
    /// (the message says which host and what happened). <see cref="SshHostKeyException"/> when the host key
    /// was refused.</exception>
    Task<ShellResult> RunAsync(ShellCommand command, Func<OutputLine, ValueTask> onLine, CancellationToken cancellationToken);
}
