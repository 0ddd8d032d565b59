using Microsoft.Extensions.Logging;
using Renci.SshNet;

namespace BlueGreen.Core.Ssh;

// Stopping a command that was cancelled or timed out, so that it really ends on the server.
public sealed partial class SshRemoteShell
{
    // The first stderr line of a wrapped command: "bluegreen-pgid:<pid of the session shell>".
    internal const string ProcessGroupMarker = "bluegreen-pgid:";

    // Longest the SIGKILL phase of a stop may take: waiting for the process group report, the `kill` round trip and
    // the server's confirmation. The `kill` runs in a fresh session, which starts as slowly as the login shell's rc
    // files allow (seconds on a busy host).
    private static readonly TimeSpan s_killTimeout = TimeSpan.FromSeconds(10);

    // After a signal went out, at least this long to let the exit reach us before escalating.
    private static readonly TimeSpan s_settle = TimeSpan.FromMilliseconds(250);

    // SIGTERM, then SIGKILL after the grace period, each two ways: as an SSH "signal" request (OpenSSH killpg()s the
    // session's process group, but refuses for root logins, which it serves without privilege separation) and as
    // `kill` of the process group over a second channel (works wherever the login shell is POSIX). SSH.NET's
    // CancelAsync blocks until the server confirms or its wait ends; a second call while the first still waits sends
    // the second signal on the same channel.
    private async Task StopAsync(SshClient client, SshCommand sshCommand, Task execution, Task<int> processGroup,
        SshEndpoint endpoint, string reason)
    {
        var grace = _options.StopGracePeriod;
        // CancelAsync returns as soon as the command ends; its own wait (after which SSH.NET closes the channel) must
        // outlast both phases, or the channel would close before the exit signal arrives.
        var signalWait = grace + s_killTimeout + TimeSpan.FromSeconds(1);
        _logger.LogInformation("Stopping the command on {Endpoint} ({Reason}): SIGTERM, SIGKILL after {Grace}", endpoint, reason, grace);
        var term = Task.Run(() => Signal(sshCommand, forceKill: false, signalWait, endpoint));
        var termStarted = _timeProvider.GetTimestamp();
        // The shell reports its group only once its rc files have run: until then only the SSH signal can reach it, so
        // the report is awaited within the grace period. The `kill` is not awaited: the command's end is what counts.
        if (await ProcessGroupKnownWithinAsync(processGroup, execution, grace).ConfigureAwait(false))
        {
            _ = KillProcessGroupAsync(client, processGroup.Result, "TERM", signalWait, endpoint);
        }
        if (!await OutputPump.CompletesWithinAsync(execution, Remaining(grace, termStarted), _timeProvider).ConfigureAwait(false))
        {
            _logger.LogWarning("The command on {Endpoint} still runs {Grace} after SIGTERM; sending SIGKILL", endpoint, grace);
            var kill = Task.Run(() => Signal(sshCommand, forceKill: true, s_killTimeout + TimeSpan.FromSeconds(1), endpoint));
            var killStarted = _timeProvider.GetTimestamp();
            if (await ProcessGroupKnownWithinAsync(processGroup, execution, s_killTimeout).ConfigureAwait(false))
            {
                _ = KillProcessGroupAsync(client, processGroup.Result, "KILL", s_killTimeout, endpoint);
            }
            if (!await OutputPump.CompletesWithinAsync(execution, Remaining(s_killTimeout, killStarted), _timeProvider).ConfigureAwait(false))
            {
                _logger.LogWarning("{Endpoint} did not confirm that the stopped command ended; closing the channel, the command " +
                    "may still be running there", endpoint);
                sshCommand.Dispose();
            }
            await kill.ConfigureAwait(false);
        }
        await term.ConfigureAwait(false);
    }

    private TimeSpan Remaining(TimeSpan budget, long since)
    {
        var rest = budget - _timeProvider.GetElapsedTime(since);
        return rest > s_settle ? rest : s_settle;
    }

    // True when the command's process group is known while the command still runs.
    private async Task<bool> ProcessGroupKnownWithinAsync(Task<int> processGroup, Task execution, TimeSpan timeout)
    {
        if (!_options.StopByProcessGroup)
        {
            return false;
        }
        using var cancelDelay = new CancellationTokenSource();
        await Task.WhenAny(processGroup, execution, Task.Delay(timeout, _timeProvider, cancelDelay.Token)).ConfigureAwait(false);
        await cancelDelay.CancelAsync().ConfigureAwait(false);
        return processGroup.IsCompletedSuccessfully && !execution.IsCompleted;
    }

    // The group id is only sent while the command runs, and the caller only kills while it has not ended, so the id
    // cannot have been reused by then (a reuse would need the whole group to end and the pid space to wrap).
    private async Task KillProcessGroupAsync(SshClient client, int processGroup, string signal, TimeSpan timeout, SshEndpoint endpoint)
    {
        try
        {
            using var kill = client.CreateCommand($"kill -s {signal} -- -{processGroup}");
            kill.CommandTimeout = timeout;
            await Task.Factory.StartNew(() => kill.ExecuteAsync(CancellationToken.None), CancellationToken.None,
                TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).Unwrap().ConfigureAwait(false);
            if (kill.ExitStatus is not 0)
            {
                _logger.LogDebug("kill -s {Signal} -- -{ProcessGroup} on {Endpoint} exited with {ExitCode}: {Error}",
                    signal, processGroup, endpoint, kill.ExitStatus, kill.Error.Trim());
            }
        }
        catch (Exception ex)
        {
            // The connection may be gone; the SSH signal and the channel close remain.
            _logger.LogDebug(ex, "Sending {Signal} to process group {ProcessGroup} on {Endpoint} failed", signal, processGroup, endpoint);
        }
    }

    // The session shell is its process group's leader (sshd calls setsid() for it), so its pid is the group id; a
    // non-interactive shell keeps background jobs in that group. The user's text follows on its own line, so it runs
    // unchanged in the same shell, and a syntax error in it cannot suppress the marker.
    private string Wrap(string commandText) =>
        _options.StopByProcessGroup ? $"echo \"{ProcessGroupMarker}$$\" >&2\n{commandText}" : commandText;

    private static bool TryReadMarker(string line, TaskCompletionSource<int> processGroup)
    {
        if (!line.StartsWith(ProcessGroupMarker, StringComparison.Ordinal)
            || !int.TryParse(line.AsSpan(ProcessGroupMarker.Length), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var pgid)
            || pgid <= 1)
        {
            return false;
        }
        processGroup.TrySetResult(pgid);
        return true;
    }

    private void Signal(SshCommand sshCommand, bool forceKill, TimeSpan wait, SshEndpoint endpoint)
    {
        try
        {
            sshCommand.CancelAsync(forceKill, (int)wait.TotalMilliseconds);
        }
        catch (Exception ex)
        {
            // The channel closed in the meantime: the command is over.
            _logger.LogDebug(ex, "Signalling the command on {Endpoint} failed", endpoint);
        }
    }
}
