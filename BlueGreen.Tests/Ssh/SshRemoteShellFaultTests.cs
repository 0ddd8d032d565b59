using BlueGreen.Core.Ssh;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.Ssh;

/// <summary>SshRemoteShell when connections break or are shared; each test has its own sshd, so counting its
/// connection processes is not disturbed by other tests.</summary>
public sealed class SshRemoteShellFaultTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ConnectionDroppedMidCommand_FailsClearlyAndNextCommandReconnects()
    {
        await using var sshd = await SshdFixture.StartAsync(TestToken);
        var poolLogger = new RecordingLogger<SshConnectionPool>();
        await using var pool = SshRemoteShellTests.CreatePool(sshd.CreateOptions(), out var shell, poolLogger);
        var output = new OutputRecorder();
        var run = shell.RunAsync(new ShellCommand { Host = sshd.HostAndPort, CommandText = "echo started; sleep 3; echo finished" },
            output.OnLine, TestToken);
        await output.WaitForAsync("started").WaitAsync(s_timeout, TestToken);

        sshd.DropConnections();

        var error = await Assert.ThrowsAsync<RemoteShellException>(() => run.WaitAsync(s_timeout, TestToken));
        Assert.Contains($"connection to {sshd.HostAndPort} was lost", error.Message, StringComparison.Ordinal);
        Assert.Contains("may have partly run", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("finished", output.Stdout);

        var again = new OutputRecorder();
        var result = await shell.RunAsync(new ShellCommand { Host = sshd.HostAndPort, CommandText = "echo again" }, again.OnLine, TestToken)
            .WaitAsync(s_timeout, TestToken);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["again"], again.Stdout);
        Assert.Equal(2, poolLogger.Entries.Count(e => e.Message.StartsWith("Connected to", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunAsync_ServerDownThenUp_RetriesWithBackoffAndLogsEachFailure()
    {
        await using var sshd = await SshdFixture.StartAsync(TestToken);
        var options = sshd.CreateOptions();
        options.Port = Integration.FreePort(); // nothing listens here
        options.MaxConnectAttempts = 3;
        var poolLogger = new RecordingLogger<SshConnectionPool>();
        await using var pool = SshRemoteShellTests.CreatePool(options, out var shell, poolLogger);

        var error = await Assert.ThrowsAsync<RemoteShellException>(() => shell.RunAsync(
            new ShellCommand { Host = sshd.Host, CommandText = "true" }, _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken));

        Assert.Contains($"{sshd.Host}:{options.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 3 attempt(s)", error.Message, StringComparison.Ordinal);
        var failures = poolLogger.Entries.Where(e => e.Level == LogLevel.Warning && e.Values.ContainsKey("Attempt")).ToList();
        Assert.Equal([1, 2, 3], failures.Select(e => (int)e.Values["Attempt"]!));
        Assert.All(failures, e => Assert.Equal(3, e.Values["MaxAttempts"]));
    }

    [Fact]
    public async Task RunAsync_SeveralCommands_ReuseOneConnection()
    {
        await using var sshd = await SshdFixture.StartAsync(TestToken);
        await using var pool = SshRemoteShellTests.CreatePool(sshd.CreateOptions(), out var shell);
        var parents = new List<string>();

        for (var i = 0; i < 3; i++)
        {
            var output = new OutputRecorder();
            await shell.RunAsync(new ShellCommand { Host = sshd.HostAndPort, CommandText = "echo $PPID" }, output.OnLine, TestToken)
                .WaitAsync(s_timeout, TestToken);
            parents.Add(Assert.Single(output.Stdout));
        }

        // Every session of one connection is forked by that connection's sshd process.
        Assert.Single(parents.Distinct());
        Assert.Equal(1, pool.OpenConnections);
        Assert.True(await WaitForConnectionCountAsync(sshd, 1), $"sshd serves {sshd.ConnectionPids().Count} connections");
    }

    [Fact]
    public async Task RunAsync_ConcurrentCommandsOnOneHost_ShareOneConnection()
    {
        await using var sshd = await SshdFixture.StartAsync(TestToken);
        await using var pool = SshRemoteShellTests.CreatePool(sshd.CreateOptions(), out var shell);
        var outputs = Enumerable.Range(0, 6).Select(_ => new OutputRecorder()).ToList();

        var results = await Task.WhenAll(outputs.Select((output, i) => shell.RunAsync(
            new ShellCommand { Host = sshd.HostAndPort, CommandText = $"sleep 0.5; echo $PPID {i}" }, output.OnLine, TestToken)))
            .WaitAsync(s_timeout, TestToken);

        Assert.All(results, r => Assert.Equal(0, r.ExitCode));
        var lines = outputs.Select(o => Assert.Single(o.Stdout).Split(' ')).ToList();
        Assert.Equal(Enumerable.Range(0, 6).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), lines.Select(l => l[1]));
        Assert.Single(lines.Select(l => l[0]).Distinct());
        Assert.True(await WaitForConnectionCountAsync(sshd, 1), $"sshd serves {sshd.ConnectionPids().Count} connections");
    }

    [Fact]
    public async Task RunAsync_AfterPoolDisposed_Throws()
    {
        await using var sshd = await SshdFixture.StartAsync(TestToken);
        var pool = SshRemoteShellTests.CreatePool(sshd.CreateOptions(), out var shell);
        await shell.RunAsync(new ShellCommand { Host = sshd.HostAndPort, CommandText = "true" }, _ => ValueTask.CompletedTask, TestToken)
            .WaitAsync(s_timeout, TestToken);

        await pool.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => shell.RunAsync(
            new ShellCommand { Host = sshd.HostAndPort, CommandText = "true" }, _ => ValueTask.CompletedTask, TestToken).WaitAsync(s_timeout, TestToken));
        Assert.True(await WaitForConnectionCountAsync(sshd, 0), "the connection stayed open after Dispose");
    }

    // The readiness probe and closed connections leave sshd processes for a moment; wait for the count to settle.
    private static async Task<bool> WaitForConnectionCountAsync(SshdFixture sshd, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (sshd.ConnectionPids().Count != expected)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            await Task.Delay(50, TestToken);
        }
        return true;
    }
}
