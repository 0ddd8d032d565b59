using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace BlueGreen.Core.Ssh;

/// <summary>
/// Runs commands on app servers over SSH (SSH.NET), on the pooled connection of each host. A cancelled or timed-out
/// command is stopped on the server: SIGTERM to its process group (as an SSH signal and, with
/// <see cref="SshOptions.StopByProcessGroup"/>, with <c>kill</c> over a second channel), SIGKILL after
/// <see cref="SshOptions.StopGracePeriod"/>, then its channel is closed. A lost connection fails the running command
/// with <see cref="RemoteShellException"/> and the next command reconnects; commands are never re-run automatically,
/// because a deploy step may have partly run. Thread-safe; register as a singleton.
/// </summary>
public sealed partial class SshRemoteShell : IRemoteShell
{
    // SSH.NET ends both output streams when the channel closes; this is only a guard against a library hang.
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(2);

    private readonly SshConnectionPool _pool;
    private readonly SshOptions _options;
    private readonly ILogger<SshRemoteShell> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SecretRedactor _redactor;

    /// <summary>Creates the shell over <paramref name="pool"/>.</summary>
    public SshRemoteShell(SshConnectionPool pool, IOptions<SshOptions> options, ILogger<SshRemoteShell> logger, TimeProvider timeProvider)
    {
        _pool = pool;
        _options = options.Value;
        _logger = logger;
        _timeProvider = timeProvider;
        _redactor = new SecretRedactor(options);
    }

    /// <inheritdoc />
    /// <remarks>The command runs in the remote user's login shell without a terminal and without input. Connecting
    /// (up to <see cref="SshOptions.MaxConnectAttempts"/> attempts) is not part of <see cref="ShellCommand.Timeout"/>.</remarks>
    public async Task<ShellResult> RunAsync(ShellCommand command, Func<OutputLine, ValueTask> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(onLine);
        command.EnsureValid();
        cancellationToken.ThrowIfCancellationRequested();
        var endpoint = ResolveOrThrow(command.Host);
        var client = await _pool.GetClientAsync(endpoint, cancellationToken).ConfigureAwait(false);

        _logger.LogDebug("Running on {Endpoint}: {CommandText}", endpoint, _redactor.Redact(command.CommandText));
        var started = _timeProvider.GetTimestamp();
        SshCommand? sshCommand = null;
        try
        {
            Task execution;
            try
            {
                sshCommand = client.CreateCommand(Wrap(command.CommandText));
                // Opening the channel and sending the exec request are blocking round trips inside SSH.NET.
                var toStart = sshCommand;
                execution = await Task.Factory.StartNew(() => toStart.ExecuteAsync(CancellationToken.None), CancellationToken.None,
                    TaskCreationOptions.DenyChildAttach, TaskScheduler.Default).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SshException or ObjectDisposedException or InvalidOperationException or IOException
                or System.Net.Sockets.SocketException)
            {
                _pool.Invalidate(endpoint, client);
                _logger.LogWarning("Could not start a command on {Endpoint}: {Reason}", endpoint, SshConnectionPool.Describe(ex));
                throw new RemoteShellException(command.Host,
                    $"Could not start the command on {endpoint}: {SshConnectionPool.Describe(ex)}. It did not run; the next " +
                    "command opens a new connection.", ex);
            }
            return await WatchAsync(command, endpoint, client, sshCommand, execution, started, onLine, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            sshCommand?.Dispose();
        }
    }

    private async Task<ShellResult> WatchAsync(ShellCommand command, SshEndpoint endpoint, SshClient client, SshCommand sshCommand,
        Task execution, long started, Func<OutputLine, ValueTask> onLine, CancellationToken cancellationToken)
    {
        var lines = OutputPump.CreateChannel();
        var processGroup = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stdout = OutputPump.StartReading(sshCommand.OutputStream, isError: false, lines.Writer, _timeProvider, command.MaxLineLength);
        var stderr = OutputPump.StartReading(sshCommand.ExtendedOutputStream, isError: true, lines.Writer, _timeProvider, command.MaxLineLength,
            line => _options.StopByProcessGroup && TryReadMarker(line, processGroup));
        OutputPump.CompleteWhenDone(lines.Writer, stdout, stderr);

        using var timeout = new CancellationTokenSource(command.Timeout, _timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var forwarding = OutputPump.ForwardAsync(lines, onLine, stop);

        var stopped = false;
        try
        {
            await execution.WaitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !execution.IsCompleted)
        {
            stopped = true;
            var reason = cancellationToken.IsCancellationRequested ? "cancelled"
                : timeout.IsCancellationRequested ? $"timed out after {command.Timeout}"
                : "output handler failed";
            await StopAsync(client, sshCommand, execution, processGroup.Task, endpoint, reason).ConfigureAwait(false);
        }
        catch
        {
            // The command failed (connection lost): examined below, once its output is in.
        }
        OutputPump.Observe(execution);

        // SSH.NET closes the output streams when the channel closes, which ends both readers.
        if (!await OutputPump.CompletesWithinAsync(Task.WhenAll(stdout, stderr), s_drainTimeout, _timeProvider).ConfigureAwait(false))
        {
            sshCommand.Dispose();
        }
        // The output handler's exception, if it threw, is the caller's to see first.
        await forwarding.ConfigureAwait(false);
        var duration = _timeProvider.GetElapsedTime(started);

        if (stopped && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"The command on {endpoint} was cancelled after {duration.TotalSeconds:0.0} s and stopped.", cancellationToken);
        }
        if (!stopped && execution.IsFaulted)
        {
            var error = execution.Exception!.InnerException ?? execution.Exception;
            _pool.Invalidate(endpoint, client);
            _logger.LogWarning("SSH connection to {Endpoint} failed {Seconds} s into a command: {Reason}",
                endpoint, Math.Round(duration.TotalSeconds, 1), SshConnectionPool.Describe(error));
            throw new RemoteShellException(command.Host,
                $"The SSH connection to {endpoint} was lost {duration.TotalSeconds:0.0} s into the command " +
                $"({SshConnectionPool.Describe(error)}). The command may have partly run and may still be running there; " +
                "it was not retried. The next command opens a new connection.", error);
        }

        var exitCode = sshCommand.ExitStatus ?? (sshCommand.ExitSignal is { } signal ? 128 + SignalNumber(signal) : -1);
        var result = new ShellResult
        {
            ExitCode = exitCode,
            Duration = duration,
            TimedOut = stopped && timeout.IsCancellationRequested,
            ExitSignal = sshCommand.ExitSignal,
        };
        _logger.LogDebug("Command on {Endpoint} ended with {ExitCode} after {Duration} (timed out: {TimedOut})",
            endpoint, result.ExitCode, result.Duration, result.TimedOut);
        return result;
    }

    private SshEndpoint ResolveOrThrow(string host)
    {
        try
        {
            return _pool.Resolve(host);
        }
        catch (ArgumentException ex)
        {
            throw new RemoteShellException(host, ex.Message, ex);
        }
    }

    // RFC 4254 signal names (without "SIG") to Linux numbers, for the shell's 128+n exit code convention.
    private static int SignalNumber(string signal) => signal switch
    {
        "HUP" => 1,
        "INT" => 2,
        "QUIT" => 3,
        "ILL" => 4,
        "ABRT" => 6,
        "FPE" => 8,
        "KILL" => 9,
        "USR1" => 10,
        "SEGV" => 11,
        "USR2" => 12,
        "PIPE" => 13,
        "ALRM" => 14,
        "TERM" => 15,
        _ => 0,
    };
}
