using BlueGreen.Core.Ssh;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.Ssh;

public sealed class LocalShellTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private readonly string _folder = Infrastructure.Integration.TempFolder("localshell");
    private readonly LocalShell _shell = new(new RecordingLogger<LocalShell>(), TimeProvider.System);

    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task RunAsync_EchoSleepEcho_StreamsFirstLineBeforeCommandEnds()
    {
        var output = new OutputRecorder();

        var result = await _shell.RunAsync(Command("echo a; sleep 1; echo b"), output.OnLine, TestToken).WaitAsync(s_timeout, TestToken);
        var returnedAt = DateTimeOffset.UtcNow;

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["a", "b"], output.Stdout);
        Assert.True(output.Lines[1].At - output.Lines[0].At >= TimeSpan.FromMilliseconds(700));
        Assert.True(returnedAt - output.Lines[0].At >= TimeSpan.FromMilliseconds(700), "the first line arrived only at the end");
    }

    [Theory]
    [InlineData("true", 0)]
    [InlineData("false", 1)]
    [InlineData("exit 42", 42)]
    public async Task RunAsync_CommandExits_ReportsExitCode(string commandText, int expected)
    {
        var result = await _shell.RunAsync(Command(commandText), _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.Equal(expected, result.ExitCode);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task RunAsync_WritesToBothStreams_KeepsStderrSeparate()
    {
        var output = new OutputRecorder();

        await _shell.RunAsync(Command("echo out; echo err >&2; printf 'last'"), output.OnLine, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.Equal(["out", "last"], output.Stdout);
        Assert.Equal(["err"], output.Stderr);
    }

    [Fact]
    public async Task RunAsync_CommandReadsStdin_SeesEndOfInput()
    {
        var output = new OutputRecorder();

        var result = await _shell.RunAsync(Command("cat; echo done"), output.OnLine, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["done"], output.Stdout);
    }

    [Fact]
    public async Task RunAsync_Timeout_ReportsTimedOutAndProcessTreeIsGone()
    {
        var pidFile = Path.Combine(_folder, "sleep.pid");
        var command = new ShellCommand { Host = "lab", CommandText = $"sleep 60 & echo $! > {pidFile}; wait", Timeout = TimeSpan.FromMilliseconds(500) };

        var result = await _shell.RunAsync(command, _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken);

        Assert.True(result.TimedOut);
        Assert.Equal(137, result.ExitCode);
        Assert.Equal("KILL", result.ExitSignal);
        var pid = ProcessTable.ReadPidFile(pidFile);
        Assert.True(await ProcessTable.WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(5), TestToken), $"sleep {pid} still runs");
    }

    [Fact]
    public async Task RunAsync_Cancelled_ThrowsAndProcessTreeIsGone()
    {
        var pidFile = Path.Combine(_folder, "sleep.pid");
        var output = new OutputRecorder();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestToken);
        var run = _shell.RunAsync(Command($"sleep 60 & echo $! > {pidFile}; echo started; wait"), output.OnLine, cancel.Token);
        await output.WaitForAsync("started").WaitAsync(s_timeout, TestToken);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(s_timeout, TestToken));
        var pid = ProcessTable.ReadPidFile(pidFile);
        Assert.True(await ProcessTable.WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(5), TestToken), $"sleep {pid} still runs");
    }

    [Fact]
    public async Task RunAsync_OnLineThrows_PropagatesAndKillsCommand()
    {
        var pidFile = Path.Combine(_folder, "sleep.pid");

        await Assert.ThrowsAsync<InvalidDataException>(() => _shell.RunAsync(
            Command($"sleep 60 & echo $! > {pidFile}; echo boom; wait"),
            line => line.Text == "boom" ? throw new InvalidDataException("handler failed") : ValueTask.CompletedTask,
            TestToken).WaitAsync(s_timeout, TestToken));

        var pid = ProcessTable.ReadPidFile(pidFile);
        Assert.True(await ProcessTable.WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(5), TestToken), $"sleep {pid} still runs");
    }

    [Fact]
    public async Task RunAsync_BackgroundChildKeepsOutputOpen_ReturnsAfterShellExits()
    {
        var pidFile = Path.Combine(_folder, "daemon.pid");

        var result = await _shell.RunAsync(Command($"(sleep 20 & echo $! > {pidFile}); echo started"), _ => ValueTask.CompletedTask, TestToken)
            .WaitAsync(s_timeout, TestToken);

        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Duration < TimeSpan.FromSeconds(10), $"took {result.Duration}");
        StopDaemon(ProcessTable.ReadPidFile(pidFile));
    }

    [Theory]
    [InlineData("", 5)]
    [InlineData("true", 0)]
    [InlineData("true", -5)]
    public async Task RunAsync_InvalidCommand_ThrowsBeforeRunning(string text, int timeoutSeconds)
    {
        var command = new ShellCommand { Host = "lab", CommandText = text, Timeout = TimeSpan.FromSeconds(timeoutSeconds) };

        await Assert.ThrowsAnyAsync<ArgumentException>(() => _shell.RunAsync(command, _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken));
    }

    private static ShellCommand Command(string text) => new() { Host = "lab", CommandText = text };

    // The test started it (through the shell) and knows its pid: stop exactly that one.
    private static void StopDaemon(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }
}
