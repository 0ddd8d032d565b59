using BlueGreen.Core.Ssh;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BlueGreen.Tests.Ssh;

/// <summary>SshRemoteShell against a real sshd on loopback (shared by the tests of this class).</summary>
public sealed class SshRemoteShellTests : IClassFixture<SshdFixture>
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly SshdFixture _sshd;

    public SshRemoteShellTests(SshdFixture sshd)
    {
        _sshd = sshd;
    }

    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_EchoSleepEcho_StreamsFirstLineBeforeCommandEnds()
    {
        _sshd.Require();
        await using var pool = CreatePool(_sshd.CreateOptions(), out var shell);
        var output = new OutputRecorder();

        var result = await shell.RunAsync(Command("echo a; sleep 1; echo b"), output.OnLine, TestToken).WaitAsync(s_timeout, TestToken);
        var returnedAt = DateTimeOffset.UtcNow;

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["a", "b"], output.Stdout);
        var first = output.Lines[0];
        var second = output.Lines[1];
        Assert.True(second.At - first.At >= TimeSpan.FromMilliseconds(700), $"lines came {second.At - first.At} apart");
        Assert.True(returnedAt - first.At >= TimeSpan.FromMilliseconds(700), "the first line arrived only at the end");
    }

    [Theory]
    [InlineData("true", 0)]
    [InlineData("false", 1)]
    [InlineData("exit 3", 3)]
    [InlineData("sh -c 'exit 255'", 255)]
    public async Task RunAsync_CommandExits_ReportsExitCode(string commandText, int expected)
    {
        _sshd.Require();
        await using var pool = CreatePool(_sshd.CreateOptions(), out var shell);

        var result = await shell.RunAsync(Command(commandText), _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.Equal(expected, result.ExitCode);
        Assert.False(result.TimedOut);
        Assert.Equal(expected == 0, result.Succeeded);
    }

    [Fact]
    public async Task RunAsync_WritesToBothStreams_KeepsStderrSeparate()
    {
        _sshd.Require();
        await using var pool = CreatePool(_sshd.CreateOptions(), out var shell);
        var output = new OutputRecorder();

        await shell.RunAsync(Command("echo out1; echo err1 >&2; echo out2; printf 'err2' >&2"), output.OnLine, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.Equal(["out1", "out2"], output.Stdout);
        Assert.Equal(["err1", "err2"], output.Stderr);
    }

    [Fact]
    public async Task RunAsync_Utf8AndCrLf_DecodedPerLine()
    {
        _sshd.Require();
        await using var pool = CreatePool(_sshd.CreateOptions(), out var shell);
        var output = new OutputRecorder();

        await shell.RunAsync(Command("printf 'grün ✓\\r\\nzwei\\n'"), output.OnLine, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.Equal(["grün ✓", "zwei"], output.Stdout);
    }

    [Fact]
    public async Task RunAsync_Timeout_ReportsTimedOutAndRemoteProcessIsGone()
    {
        _sshd.Require();
        var options = _sshd.CreateOptions();
        options.StopGracePeriod = TimeSpan.FromSeconds(15); // SIGTERM is enough; a busy host must not make it SIGKILL
        await using var pool = CreatePool(options, out var shell);
        var pidFile = Path.Combine(_sshd.Folder, $"timeout-{Guid.NewGuid():N}.pid");
        var command = new ShellCommand
        {
            Host = _sshd.HostAndPort,
            CommandText = $"sleep 60 & echo $! > {pidFile}; wait",
            Timeout = TimeSpan.FromSeconds(1),
        };

        var result = await shell.RunAsync(command, _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.True(result.Duration < TimeSpan.FromSeconds(20), $"took {result.Duration}");
        Assert.Equal("TERM", result.ExitSignal);
        Assert.Equal(143, result.ExitCode);
        var pid = ProcessTable.ReadPidFile(pidFile);
        Assert.True(await ProcessTable.WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(5), TestToken), $"remote sleep {pid} still runs");
    }

    [Fact]
    public async Task RunAsync_CommandIgnoresSigterm_KilledAfterGracePeriod()
    {
        _sshd.Require();
        var options = _sshd.CreateOptions();
        options.StopGracePeriod = TimeSpan.FromSeconds(1);
        await using var pool = CreatePool(options, out var shell);
        var pidFile = Path.Combine(_sshd.Folder, $"stubborn-{Guid.NewGuid():N}.pid");
        var command = new ShellCommand
        {
            Host = _sshd.HostAndPort,
            // An ignored signal stays ignored across exec, so the sleep ignores SIGTERM too.
            CommandText = $"trap '' TERM; sleep 60 & echo $! > {pidFile}; wait",
            Timeout = TimeSpan.FromSeconds(1),
        };

        var result = await shell.RunAsync(command, _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.True(result.TimedOut);
        Assert.Equal("KILL", result.ExitSignal);
        var pid = ProcessTable.ReadPidFile(pidFile);
        Assert.True(await ProcessTable.WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(5), TestToken), $"remote sleep {pid} still runs");
    }

    [Fact]
    public async Task RunAsync_Cancelled_ThrowsAndRemoteProcessIsGone()
    {
        _sshd.Require();
        await using var pool = CreatePool(_sshd.CreateOptions(), out var shell);
        var pidFile = Path.Combine(_sshd.Folder, $"cancel-{Guid.NewGuid():N}.pid");
        var output = new OutputRecorder();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestToken);
        var run = shell.RunAsync(Command($"sleep 60 & echo $! > {pidFile}; echo started; wait"), output.OnLine, cancel.Token);
        await output.WaitForAsync("started").WaitAsync(s_timeout, TestToken);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(s_timeout, TestToken));
        var pid = ProcessTable.ReadPidFile(pidFile);
        Assert.True(await ProcessTable.WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(5), TestToken), $"remote sleep {pid} still runs");
    }

    [Fact]
    public async Task RunAsync_OnLineThrows_PropagatesAndStopsCommand()
    {
        _sshd.Require();
        await using var pool = CreatePool(_sshd.CreateOptions(), out var shell);
        var pidFile = Path.Combine(_sshd.Folder, $"handler-{Guid.NewGuid():N}.pid");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => shell.RunAsync(
            Command($"sleep 60 & echo $! > {pidFile}; echo boom; wait"),
            line => line.Text == "boom" ? throw new InvalidDataException("handler failed") : ValueTask.CompletedTask,
            TestToken).WaitAsync(s_timeout, TestToken));

        Assert.Equal("handler failed", error.Message);
        var pid = ProcessTable.ReadPidFile(pidFile);
        Assert.True(await ProcessTable.WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(5), TestToken), $"remote sleep {pid} still runs");
    }

    [Fact]
    public async Task RunAsync_KnownHostsHasOtherKey_RefusedWithFingerprintSeen()
    {
        _sshd.Require();
        var options = _sshd.CreateOptions();
        options.KnownHostsPath = Path.Combine(_sshd.Folder, $"known_hosts-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(options.KnownHostsPath, $"[{_sshd.Host}]:{_sshd.Port} {TestKeys.OtherEd25519}\n", TestToken);
        var logger = new RecordingLogger<SshConnectionPool>();
        await using var pool = CreatePool(options, out var shell, logger);

        var error = await Assert.ThrowsAsync<SshHostKeyException>(() => shell.RunAsync(Command("true"), _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken));

        Assert.Equal(HostKeyRefusal.Changed, error.Refusal);
        Assert.Equal(_sshd.HostKeyFingerprint, error.Fingerprint);
        Assert.Contains(_sshd.HostKeyFingerprint, error.Message, StringComparison.Ordinal);
        Assert.Contains($"{_sshd.Host}:{_sshd.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains(TestKeys.OtherEd25519Fingerprint, error.Message, StringComparison.Ordinal);
        Assert.Contains($"[{_sshd.Host}]:{_sshd.Port} {_sshd.HostPublicKey}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Entries, e => e.Values.ContainsKey("Attempt") && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task RunAsync_PinnedFingerprintDiffers_RefusedWithConfigKey()
    {
        _sshd.Require();
        var options = _sshd.CreateOptions();
        options.KnownHostsPath = null;
        options.HostKeyFingerprintsByHost[_sshd.Host] = [TestKeys.OtherEd25519Fingerprint];
        await using var pool = CreatePool(options, out var shell);

        var error = await Assert.ThrowsAsync<SshHostKeyException>(() => shell.RunAsync(Command("true"), _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken));

        Assert.Equal(HostKeyRefusal.Changed, error.Refusal);
        Assert.Contains(_sshd.HostKeyFingerprint, error.Message, StringComparison.Ordinal);
        Assert.Contains($"BlueGreen:Ssh:HostKeyFingerprintsByHost:{_sshd.Host}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownHost_RefusedWithWhereToPin()
    {
        _sshd.Require();
        var options = _sshd.CreateOptions();
        options.KnownHostsPath = Path.Combine(_sshd.Folder, "no-such-known_hosts");
        await using var pool = CreatePool(options, out var shell);

        var error = await Assert.ThrowsAsync<SshHostKeyException>(() => shell.RunAsync(Command("true"), _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken));

        Assert.Equal(HostKeyRefusal.Unknown, error.Refusal);
        Assert.Equal(_sshd.Host, error.Host);
        Assert.Contains($"{_sshd.Host}:{_sshd.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains(_sshd.HostKeyFingerprint, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("=", _sshd.HostKeyFingerprint, StringComparison.Ordinal);
        Assert.Contains($"BlueGreen:Ssh:HostKeyFingerprintsByHost:{_sshd.Host}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"[{_sshd.Host}]:{_sshd.Port} {_sshd.HostPublicKey}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_FingerprintPinned_Connects()
    {
        _sshd.Require();
        var options = _sshd.CreateOptions();
        options.KnownHostsPath = null;
        options.HostKeyFingerprintsByHost[_sshd.Host] = [_sshd.HostKeyFingerprint];
        await using var pool = CreatePool(options, out var shell);

        var result = await shell.RunAsync(Command("true"), _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_KnownHostsHashedBySshKeygen_Connects()
    {
        _sshd.Require();
        var options = _sshd.CreateOptions();
        options.KnownHostsPath = Path.Combine(_sshd.Folder, $"known_hosts-hashed-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(options.KnownHostsPath, $"[{_sshd.Host}]:{_sshd.Port} {_sshd.HostPublicKey}\n", TestToken);
        await RunAsync("ssh-keygen", "-H", "-f", options.KnownHostsPath);
        Assert.StartsWith("|1|", await File.ReadAllTextAsync(options.KnownHostsPath, TestToken), StringComparison.Ordinal);
        await using var pool = CreatePool(options, out var shell);

        var result = await shell.RunAsync(Command("true"), _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_KnownHostsHasOnlyRsaKey_AsksServerForRsaAndConnects()
    {
        _sshd.Require();
        var options = _sshd.CreateOptions();
        options.KnownHostsPath = Path.Combine(_sshd.Folder, $"known_hosts-rsa-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(options.KnownHostsPath, $"[{_sshd.Host}]:{_sshd.Port} {_sshd.HostRsaPublicKey}\n", TestToken);
        await using var pool = CreatePool(options, out var shell);

        var result = await shell.RunAsync(Command("true"), _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task RunAsync_RsaClientKey_LogsIn()
    {
        _sshd.Require();
        var options = _sshd.CreateOptions();
        options.PrivateKeyPath = _sshd.ClientRsaKeyPath;
        await using var pool = CreatePool(options, out var shell);
        var output = new OutputRecorder();

        var result = await shell.RunAsync(Command("id -un"), output.OnLine, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal([_sshd.UserName], output.Stdout);
    }

    [Fact]
    public async Task RunAsync_KeyNotAuthorized_FailsWithoutRetry()
    {
        _sshd.Require();
        var options = _sshd.CreateOptions();
        options.PrivateKeyPath = Path.Combine(_sshd.Folder, $"stranger-{Guid.NewGuid():N}");
        await RunAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", options.PrivateKeyPath);
        var logger = new RecordingLogger<SshConnectionPool>();
        await using var pool = CreatePool(options, out var shell, logger);

        var error = await Assert.ThrowsAsync<RemoteShellException>(() => shell.RunAsync(Command("true"), _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken));

        Assert.Contains("login", error.Message, StringComparison.Ordinal);
        Assert.Contains(options.PrivateKeyPath, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logger.Entries, e => e.Values.ContainsKey("Attempt") && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning);
    }

    [Fact]
    public async Task UploadAsync_File_ArrivesByteForByteAndReplacesOldFile()
    {
        _sshd.Require();
        await using var pool = CreatePool(_sshd.CreateOptions(), out var shell);
        var local = Path.Combine(_sshd.Folder, $"artifact-{Guid.NewGuid():N}.bin");
        var content = new byte[300_000];
        Random.Shared.NextBytes(content);
        await File.WriteAllBytesAsync(local, content, TestToken);
        var remoteFolder = Directory.CreateDirectory(Path.Combine(_sshd.Folder, $"releases-{Guid.NewGuid():N}")).FullName;
        var remote = Path.Combine(remoteFolder, "app.bin");
        await File.WriteAllTextAsync(remote, "old release", TestToken);

        await shell.UploadAsync(_sshd.HostAndPort, local, remote, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.Equal(content, await File.ReadAllBytesAsync(remote, TestToken));
        Assert.Equal(["app.bin"], Directory.GetFiles(remoteFolder).Select(Path.GetFileName));
    }

    [Fact]
    public async Task UploadAsync_RemoteFolderMissing_FailsWithPath()
    {
        _sshd.Require();
        await using var pool = CreatePool(_sshd.CreateOptions(), out var shell);
        var local = Path.Combine(_sshd.Folder, $"small-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(local, "x", TestToken);
        var remote = Path.Combine(_sshd.Folder, "no-such-folder", "app.bin");

        var error = await Assert.ThrowsAsync<RemoteShellException>(() => shell.UploadAsync(_sshd.HostAndPort, local, remote, TestToken).WaitAsync(s_timeout, TestToken));

        Assert.Contains(remote, error.Message, StringComparison.Ordinal);
    }

    private ShellCommand Command(string text) => new() { Host = _sshd.HostAndPort, CommandText = text };

    internal static SshConnectionPool CreatePool(SshOptions options, out SshRemoteShell shell, RecordingLogger<SshConnectionPool>? logger = null)
    {
        var pool = new SshConnectionPool(Options.Create(options), logger ?? new RecordingLogger<SshConnectionPool>(), TimeProvider.System);
        shell = new SshRemoteShell(pool, Options.Create(options), new RecordingLogger<SshRemoteShell>(), TimeProvider.System);
        return pool;
    }

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        var startInfo = new System.Diagnostics.ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(startInfo)!;
        var error = process.StandardError.ReadToEndAsync(TestToken);
        await process.WaitForExitAsync(TestToken).WaitAsync(s_timeout, TestToken);
        Assert.True(process.ExitCode == 0, $"{tool} failed: {await error}");
    }
}
