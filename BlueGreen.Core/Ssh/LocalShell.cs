using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.Ssh;

/// <summary>
/// Runs commands on the dashboard host with <c>/bin/sh -c</c> (the lab's "servers" are local processes).
/// <see cref="ShellCommand.Host"/> is only used in messages. A cancelled or timed-out command is killed with its whole
/// process tree (SIGKILL); a process that detached itself (double fork, <c>setsid</c>) is out of reach, as it would be
/// for a real service manager. Thread-safe; register as a singleton.
/// </summary>
public sealed class LocalShell : IRemoteShell
{
    // After the shell exits, a background child may still hold its output pipes; read that long, then stop.
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_killWait = TimeSpan.FromSeconds(5);

    /// <summary>What a local command inherits of the dashboard's environment, besides <see cref="SshOptions.LocalEnvironmentAllowList"/>.</summary>
    public static IReadOnlyList<string> AllowedVariables { get; } = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TMPDIR", "TERM", "DOTNET_ROOT"];

    private readonly ILogger<LocalShell> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly SecretRedactor _redactor;
    private readonly IReadOnlySet<string> _allowed;

    /// <summary>Creates the shell.</summary>
    /// <param name="redactor">Masks secrets in the logged command text; its variables are never passed on.</param>
    /// <param name="extraAllowed">Variables passed on besides <see cref="AllowedVariables"/>.</param>
    public LocalShell(ILogger<LocalShell> logger, TimeProvider timeProvider, SecretRedactor? redactor = null, IEnumerable<string>? extraAllowed = null)
    {
        _logger = logger;
        _timeProvider = timeProvider;
        _redactor = redactor ??= SecretRedactor.None;
        _allowed = AllowedVariables.Concat(extraAllowed ?? []).Where(n => !redactor.VariableNames.Contains(n)).ToHashSet(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task<ShellResult> RunAsync(ShellCommand command, Func<OutputLine, ValueTask> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(onLine);
        command.EnsureValid();
        cancellationToken.ThrowIfCancellationRequested();

        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        // ArgumentList passes the command as one argv entry: no second round of quoting to get wrong.
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(command.CommandText);

        // An allow-list, not the dashboard's whole environment: its SSH password and passphrase variables (and any
        // other secret it was started with) must not reach a deploy command.
        foreach (var name in startInfo.Environment.Keys.ToList())
        {
            if (!_allowed.Contains(name) && !name.StartsWith("LC_", StringComparison.Ordinal) || _redactor.VariableNames.Contains(name))
            {
                startInfo.Environment.Remove(name);
            }
        }

        using var process = new Process { StartInfo = startInfo };
        _logger.LogDebug("Running locally for {Host}: {CommandText}", command.Host, _redactor.Redact(command.CommandText));
        var started = _timeProvider.GetTimestamp();
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            throw new RemoteShellException(command.Host, $"Could not start /bin/sh on the dashboard host: {ex.Message}", ex);
        }
        // No input, as over SSH: a command that reads stdin sees its end instead of waiting forever.
        process.StandardInput.Close();

        using var drain = new CancellationTokenSource();
        var lines = OutputPump.CreateChannel();
        var stdout = OutputPump.ReadLinesAsync(process.StandardOutput, isError: false, lines.Writer, _timeProvider, command.MaxLineLength, drain.Token);
        var stderr = OutputPump.ReadLinesAsync(process.StandardError, isError: true, lines.Writer, _timeProvider, command.MaxLineLength, drain.Token);
        OutputPump.CompleteWhenDone(lines.Writer, stdout, stderr);

        using var timeout = new CancellationTokenSource(command.Timeout, _timeProvider);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var forwarding = OutputPump.ForwardAsync(lines, onLine, stop);

        var stopped = false;
        try
        {
            await process.WaitForExitAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            stopped = true;
            var reason = cancellationToken.IsCancellationRequested ? "cancelled" : timeout.IsCancellationRequested ? "timed out" : "output handler failed";
            _logger.LogInformation("Killing the local command for {Host} ({Reason}), pid {Pid}, with its process tree", command.Host, reason, process.Id);
            Kill(process);
            if (!await OutputPump.CompletesWithinAsync(process.WaitForExitAsync(CancellationToken.None), s_killWait, _timeProvider).ConfigureAwait(false))
            {
                _logger.LogWarning("Local command pid {Pid} did not end within {Wait} of SIGKILL", process.Id, s_killWait);
            }
        }

        if (!await OutputPump.CompletesWithinAsync(Task.WhenAll(stdout, stderr), s_drainTimeout, _timeProvider).ConfigureAwait(false))
        {
            _logger.LogDebug("A background process still holds the output of the local command for {Host}; stopped reading", command.Host);
            await drain.CancelAsync().ConfigureAwait(false);
        }
        // The output handler's exception, if it threw, is the caller's to see first.
        await forwarding.ConfigureAwait(false);
        var duration = _timeProvider.GetElapsedTime(started);

        if (stopped && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException($"The local command for {command.Host} was cancelled and killed.", cancellationToken);
        }
        return new ShellResult
        {
            ExitCode = process.HasExited ? process.ExitCode : -1,
            Duration = duration,
            TimedOut = stopped && timeout.IsCancellationRequested,
            ExitSignal = stopped ? "KILL" : null,
        };
    }

    private void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // It exited in the meantime.
            _logger.LogDebug(ex, "Killing pid {Pid} failed", process.Id);
        }
    }
}
