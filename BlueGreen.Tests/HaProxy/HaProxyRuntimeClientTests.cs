using System.Net;
using System.Net.Sockets;
using BlueGreen.Core.HaProxy;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Tests.Infrastructure;

namespace BlueGreen.Tests.HaProxy;

public sealed class HaProxyRuntimeClientTests
{
    private static readonly TimeSpan s_testTimeout = TimeSpan.FromSeconds(10);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_Command_SendsLineAndReturnsAnswerToEndOfStream()
    {
        await using var fake = FakeRuntimeApi.Start(_ => HaProxyTestData.Stat("baseline"));
        var client = new HaProxyRuntimeClient(fake.SocketPath, TimeSpan.FromSeconds(5));

        var answer = await client.ExecuteAsync("show stat", Token).WaitAsync(s_testTimeout, Token);

        Assert.Equal(HaProxyTestData.Stat("baseline"), answer);
        Assert.Equal(["show stat"], fake.Commands);
    }

    [Fact]
    public async Task ExecuteAsync_UnixPrefix_ReachesSameSocket()
    {
        await using var fake = FakeRuntimeApi.Start(_ => "ok\n");
        var client = new HaProxyRuntimeClient("unix:" + fake.SocketPath, TimeSpan.FromSeconds(5));

        Assert.Equal("ok\n", await client.ExecuteAsync("show info", Token).WaitAsync(s_testTimeout, Token));
    }

    [Theory]
    [InlineData("show stat\nshow info")]
    [InlineData("show stat; set server app/s1 state maint")]
    [InlineData("show stat\r")]
    [InlineData("show\0stat")]
    [InlineData("")]
    [InlineData("   ")]
    public async Task ExecuteAsync_CommandWithSeparator_ThrowsArgumentExceptionWithoutConnecting(string command)
    {
        await using var fake = FakeRuntimeApi.Start(_ => "\n");
        var client = new HaProxyRuntimeClient(fake.SocketPath, TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<ArgumentException>(() => client.ExecuteAsync(command, Token)).WaitAsync(s_testTimeout, Token);

        Assert.Empty(fake.Commands);
    }

    [Theory]
    [InlineData("answer-no-such-server.txt", "No such server.", "names")]
    [InlineData("answer-no-such-backend.txt", "No such backend.", "names")]
    [InlineData("answer-no-such-proxy.txt", "No such proxy.", "names")]
    [InlineData("answer-cant-find-backend.txt", "Can't find backend.", "names")]
    [InlineData("answer-permission-denied.txt", "Permission denied", "level admin")]
    [InlineData("answer-unknown-command.txt", "Unknown command", "level admin")]
    [InlineData("answer-require-backend-server.txt", "Require 'backend/server'.", "backend/server")]
    [InlineData("answer-bad-state.txt", "expects 'ready', 'drain' and 'maint'", "arguments")]
    [InlineData("answer-weight-out-of-range.txt", "Absolute weight can only be between 0 and 256", "arguments")]
    public async Task ExecuteActionAsync_CapturedErrorAnswer_ThrowsCommandExceptionQuotingCommandAndAnswer(
        string answerFile, string quoted, string hint)
    {
        var answer = HaProxyTestData.Read(answerFile);
        await using var fake = FakeRuntimeApi.Start(_ => answer);
        var client = new HaProxyRuntimeClient(fake.SocketPath, TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<HaProxyCommandException>(
            () => client.ExecuteActionAsync("set server app/s1 state ready", Token)).WaitAsync(s_testTimeout, Token);

        Assert.IsAssignableFrom<LoadBalancerException>(ex);
        Assert.Equal("set server app/s1 state ready", ex.Command);
        Assert.Equal(answer, ex.Answer);
        Assert.Contains("'set server app/s1 state ready'", ex.Message);
        Assert.Contains(quoted, ex.Message);
        Assert.Contains(hint, ex.Message);
    }

    [Fact]
    public async Task ExecuteActionAsync_CapturedEmptyAnswer_Succeeds()
    {
        await using var fake = FakeRuntimeApi.Start(_ => HaProxyTestData.Read("answer-set-ok.txt"));
        var client = new HaProxyRuntimeClient(fake.SocketPath, TimeSpan.FromSeconds(5));

        await client.ExecuteActionAsync("set server app/s1 state drain", Token).WaitAsync(s_testTimeout, Token);

        Assert.Equal(["set server app/s1 state drain"], fake.Commands);
    }

    [Fact]
    public async Task ExecuteAsync_SocketFileMissing_ThrowsUnreachableNamingPathAndFix()
    {
        var folder = Integration.TempFolder("nosock");
        try
        {
            var path = Path.Combine(folder, "missing.sock");
            var client = new HaProxyRuntimeClient(path, TimeSpan.FromSeconds(5));

            var ex = await Assert.ThrowsAsync<HaProxyUnreachableException>(
                () => client.ExecuteAsync("show stat", Token)).WaitAsync(s_testTimeout, Token);

            Assert.Equal(path, ex.Address);
            Assert.Contains(path, ex.Message);
            Assert.Contains("does not exist", ex.Message);
            Assert.Contains("Is HAProxy running?", ex.Message);
            Assert.Contains($"stats socket {path}", ex.Message);
            Assert.Contains("level admin", ex.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ExecuteAsync_StaleSocketFile_ThrowsUnreachableConnectionRefused()
    {
        var folder = Integration.TempFolder("stalesock");
        try
        {
            // A socket file nobody listens on any more, as HAProxy leaves behind when it is killed. .NET deletes the
            // file of a socket it bound when disposing it, so the file is moved away first.
            var path = Path.Combine(folder, "stale.sock");
            using (var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(folder, "bound.sock")));
                File.Move(Path.Combine(folder, "bound.sock"), path);
            }
            Assert.True(File.Exists(path));
            var client = new HaProxyRuntimeClient(path, TimeSpan.FromSeconds(5));

            var ex = await Assert.ThrowsAsync<HaProxyUnreachableException>(
                () => client.ExecuteAsync("show stat", Token)).WaitAsync(s_testTimeout, Token);

            Assert.Contains(path, ex.Message);
            Assert.Contains("connection refused", ex.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ExecuteAsync_TcpPortClosed_ThrowsUnreachableNamingAddress()
    {
        var address = $"tcp://127.0.0.1:{Integration.FreePort()}";
        var client = new HaProxyRuntimeClient(address, TimeSpan.FromSeconds(5));

        var ex = await Assert.ThrowsAsync<HaProxyUnreachableException>(
            () => client.ExecuteAsync("show stat", Token)).WaitAsync(s_testTimeout, Token);

        Assert.Contains(address, ex.Message);
        Assert.Contains("connection refused", ex.Message);
        Assert.Contains("ipv4@", ex.Message);
    }

    [Fact]
    public async Task ExecuteAsync_NoAnswerWithinTimeout_ThrowsUnreachableNamingTimeout()
    {
        await using var fake = FakeRuntimeApi.Start(_ => null);
        var client = new HaProxyRuntimeClient(fake.SocketPath, TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<HaProxyUnreachableException>(
            () => client.ExecuteAsync("show stat", Token)).WaitAsync(s_testTimeout, Token);

        Assert.Contains("within 0.3 s", ex.Message);
        Assert.Contains(fake.SocketPath, ex.Message);
    }

    [Fact]
    public async Task ExecuteAsync_TcpListenerThatNeverAnswers_ThrowsUnreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var client = new HaProxyRuntimeClient($"tcp://127.0.0.1:{port}", TimeSpan.FromMilliseconds(300));

        var ex = await Assert.ThrowsAsync<HaProxyUnreachableException>(
            () => client.ExecuteAsync("show stat", Token)).WaitAsync(s_testTimeout, Token);

        Assert.Contains($"tcp://127.0.0.1:{port}", ex.Message);
    }

    [Fact]
    public async Task ExecuteAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var fake = FakeRuntimeApi.Start(_ => null);
        var client = new HaProxyRuntimeClient(fake.SocketPath, TimeSpan.FromSeconds(30));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => client.ExecuteAsync("show stat", cancel.Token)).WaitAsync(s_testTimeout, Token);
    }

    [Fact]
    public async Task ExecuteAsync_ManyConcurrentCalls_OpensAtMostTwoConnections()
    {
        await using var fake = FakeRuntimeApi.StartAsyncResponder(async command =>
        {
            await Task.Delay(100);
            return "answer to " + command + "\n";
        });
        var client = new HaProxyRuntimeClient(fake.SocketPath, TimeSpan.FromSeconds(10));

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.ExecuteAsync($"show info {i}", Token)))
            .WaitAsync(s_testTimeout, Token);

        Assert.Equal(6, answers.Distinct().Count());
        Assert.Equal(HaProxyRuntimeClient.MaxConcurrentConnections, fake.MaxConcurrentConnections);
    }
}
