using System.Net;
using System.Net.Sockets;
using System.Text;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Http;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Tests.Infrastructure;
using BlueGreen.Tests.SampleApp;

namespace BlueGreen.Tests.LoadTesting.Http;

/// <summary>
/// The lean sender against a scripted socket server (exact bytes, faults), the real sample app (Kestrel) and a real
/// HAProxy, all on 127.0.0.1. Assertions are on outcomes and counts, never on timings.
/// </summary>
public sealed class SocketHttpSenderTests
{
    private static readonly TimeSpan s_step = TimeSpan.FromSeconds(20);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SendAsync_KeepAlive_WritesHttpClientsRequestAndReusesOneConnection()
    {
        await using var server = ScriptedServer.Start(_ => Ok("hello"));
        using var sender = new SocketHttpSender(Request(server.Url("/x?y=1"), headers: new() { ["X-Test"] = "a" }));

        for (var i = 0; i < 3; i++)
        {
            var outcome = await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token);
            Assert.Equal(RequestOutcome.FromStatus(200, Ok("hello").Length), outcome);
        }

        Assert.Equal(1, server.Connections);
        Assert.Equal($"GET /x?y=1 HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nX-Test: a\r\n\r\n", server.Requests[0]);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_PostWithBody_SendsContentLengthAndBody()
    {
        await using var server = ScriptedServer.Start(_ => Ok(""));
        var request = Request(server.Url("/post"), HttpMethod.Post, body: "{\"a\":1}");
        using var sender = new SocketHttpSender(request);

        var outcome = await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token);

        Assert.True(outcome.IsOk);
        Assert.Equal($"POST /post HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nContent-Length: 7\r\n\r\n{{\"a\":1}}", server.Requests[0]);
    }

    [Fact]
    public async Task SendAsync_ConnectionClose_NextRequestOnANewConnection()
    {
        await using var server = ScriptedServer.Start(_ => "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", closeAfter: _ => true);
        using var sender = new SocketHttpSender(Request(server.Url("/")));

        Assert.True((await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token)).IsOk);
        Assert.True((await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token)).IsOk);

        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task SendAsync_IdleConnectionClosedByServer_SentOnceMoreOnANewConnection()
    {
        // The server answers with keep-alive, then closes the idle connection: the next request finds it dead.
        await using var server = ScriptedServer.Start(_ => Ok("ok"), closeAfter: _ => true);
        using var sender = new SocketHttpSender(Request(server.Url("/")));

        Assert.True((await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token)).IsOk);
        await server.WaitForClosedAsync(1).WaitAsync(s_step, Token);
        var second = await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token);

        Assert.True(second.IsOk, $"{second}");
        Assert.Equal(2, server.Connections);
    }

    [Fact]
    public async Task SendAsync_SeveralIdleConnectionsClosedByServer_NoneReusedNoFalseFailure()
    {
        // Two connections, both answered slowly (so both are open at once), then closed by the server while idle,
        // as after a restart: the next requests must not fail on either of them.
        await using var server = ScriptedServer.Start(i =>
        {
            if (i < 2)
            {
                Thread.Sleep(300);
            }
            return Ok("ok");
        }, closeAfter: i => i < 2);
        using var sender = new SocketHttpSender(Request(server.Url("/")));

        var first = await Task.WhenAll(sender.SendAsync(Token).AsTask(), sender.SendAsync(Token).AsTask()).WaitAsync(s_step, Token);
        Assert.All(first, o => Assert.True(o.IsOk, $"{o}"));
        await server.WaitForClosedAsync(2).WaitAsync(s_step, Token);

        var next = await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token);
        var last = await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token);

        Assert.True(next.IsOk, $"{next}");
        Assert.True(last.IsOk, $"{last}");
        Assert.Equal(3, server.Connections);
        Assert.Equal(4, server.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_PostResetAfterTheServerReadIt_FailedAsResetNotSentTwice()
    {
        // The second POST reaches the server on the reused connection, which then resets it without answering: the
        // server may have acted on it, so it is a failure, never resent.
        await using var server = ScriptedServer.Start(i => i == 0 ? Ok("ok") : ScriptedServer.Reset);
        using var sender = new SocketHttpSender(Request(server.Url("/orders"), HttpMethod.Post, body: "{\"n\":1}"));

        Assert.True((await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token)).IsOk);
        var second = await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token);

        Assert.Equal(FailureKind.Reset, second.Failure);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task SendAsync_StrayBytesOnAnIdleConnection_NotTakenForTheNextAnswer()
    {
        // The server sends an unsolicited answer after the first one; the connection must not be reused, or the
        // stray 503 would be counted as the second request's answer.
        await using var server = ScriptedServer.Start(i => i == 0 ? Ok("ok") + ScriptedServer.Later + "HTTP/1.1 503 Stray\r\nContent-Length: 0\r\n\r\n" : Ok("second"));
        using var sender = new SocketHttpSender(Request(server.Url("/")));

        Assert.True((await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token)).IsOk);
        await Task.Delay(100, Token); // the stray bytes arrive while the connection is idle
        var second = await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token);

        Assert.True(second.IsOk, $"{second}");
        Assert.Equal(2, server.Connections);
    }

    [Theory]
    [InlineData("HTTP/1.1 2x0 Bad\r\n\r\n", FailureKind.Other)]
    [InlineData("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nnot-hex\r\n", FailureKind.Other)]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a part", FailureKind.Reset)]
    [InlineData("", FailureKind.Reset)]
    public async Task SendAsync_MalformedOrCutResponse_FailedAndClassified(string response, FailureKind expected)
    {
        await using var server = ScriptedServer.Start(_ => response, closeAfter: _ => true);
        using var sender = new SocketHttpSender(Request(server.Url("/")));

        var outcome = await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token);

        Assert.Equal(expected, outcome.Failure);
        Assert.Equal(0, outcome.StatusCode);
    }

    [Fact]
    public async Task SendAsync_ServerError_Http5xxAndConnectionKept()
    {
        await using var server = ScriptedServer.Start(i => i == 0 ? "HTTP/1.1 503 Unavailable\r\nContent-Length: 0\r\n\r\n" : Ok("ok"));
        using var sender = new SocketHttpSender(Request(server.Url("/")));

        var first = await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token);
        var second = await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token);

        Assert.Equal((503, FailureKind.Http5xx), (first.StatusCode, first.Failure!.Value));
        Assert.True(second.IsOk);
        Assert.Equal(1, server.Connections);
    }

    [Fact]
    public async Task SendAsync_NothingListening_ConnectionRefused()
    {
        using var sender = new SocketHttpSender(Request(new Uri($"http://127.0.0.1:{Integration.FreePort()}/")));

        var outcome = await sender.SendAsync(Token).AsTask().WaitAsync(s_step, Token);

        Assert.Equal(FailureKind.ConnectionRefused, outcome.Failure);
    }

    [Fact]
    public async Task SendAsync_NoAnswerAndCancelled_ThrowsOperationCanceled()
    {
        await using var server = ScriptedServer.Start(_ => null);
        using var sender = new SocketHttpSender(Request(server.Url("/")));
        using var cancellation = new CancellationTokenSource();

        var sending = sender.SendAsync(cancellation.Token).AsTask();
        await server.WaitForRequestsAsync(1).WaitAsync(s_step, Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending.WaitAsync(s_step, Token));
    }

    [Fact]
    public void HttpSenderFactory_PlainHttpKeepAliveOnly_IsTheLeanSender()
    {
        var http = new Uri("http://127.0.0.1:1/");
        using var lean = HttpSenderFactory.Create(Request(http), 0);
        using var https = HttpSenderFactory.Create(Request(new Uri("https://127.0.0.1:1/")), 0);
        using var newConnections = HttpSenderFactory.Create(new LoadTestRequest { Target = http, KeepAlive = false }, 0);
        using var host = HttpSenderFactory.Create(Request(http, headers: new() { ["Host"] = "example" }), 0);

        Assert.IsType<SocketHttpSender>(lean);
        Assert.IsType<HttpRequestSender>(https);
        Assert.IsType<HttpRequestSender>(newConnections);
        Assert.IsType<HttpRequestSender>(host);
    }

    [Fact]
    public async Task SendAsync_SampleApp_SameStatusesAsTheHttpClientSender()
    {
        await using var app = await SampleAppProcess.StartAsync("1.0.0", cancellationToken: Token);
        foreach (var path in new[] { "/item/1", "/item", "/health", "/item/999999", "/nothing-here" })
        {
            var request = Request(new Uri(app.BaseAddress, path));
            using var lean = new SocketHttpSender(request);
            using var httpClient = new HttpRequestSender(request);

            var expected = await httpClient.SendAsync(Token).AsTask().WaitAsync(s_step, Token);
            var first = await lean.SendAsync(Token).AsTask().WaitAsync(s_step, Token);
            var second = await lean.SendAsync(Token).AsTask().WaitAsync(s_step, Token);

            Assert.Equal((expected.StatusCode, expected.Failure), (first.StatusCode, first.Failure));
            Assert.Equal(first, second);
            Assert.True(first.BytesReceived > 0, path);
        }
    }

    [Fact]
    public async Task Run_ThroughRealHaProxy_AllOkOnFewConnections()
    {
        Integration.RequireExecutable("haproxy", "haproxy");
        await using var backend = await TestWebServer.StartAsync(Token);
        await using var haproxy = await HaProxyFixture.StartAsync(new HaProxyFixture.Settings
        {
            Servers = [new("app1", backend.BaseUri.Port, Check: false)],
        }, Token).WaitAsync(s_step, Token);
        var request = new LoadTestRequest
        {
            Target = new Uri(haproxy.FrontendUrl + "ok"),
            RatePerClient = 200,
            Duration = TimeSpan.FromSeconds(2),
        };
        Assert.IsType<SocketHttpSender>(HttpSenderFactory.Create(request, 0));

        var (samples, summary) = await LoadRunHelper.RunAsync(new LoadGenerator(TimeProvider.System, HttpSenderFactory.Create), request, Token);

        LoadRunHelper.AssertInvariants(samples, summary);
        Assert.Equal(400, summary.Total.Intended);
        Assert.Equal(summary.Total.Sent, summary.Total.Ok);
        Assert.True(summary.Total.Sent >= 390, $"sent {summary.Total.Sent}");
        Assert.True(backend.DistinctConnections < 100, $"keep-alive through HAProxy ({backend.DistinctConnections} back-end connections)");
    }

    private static string Ok(string body) => $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\n\r\n{body}";

    private static LoadTestRequest Request(Uri target, HttpMethod? method = null, Dictionary<string, string>? headers = null, string? body = null) => new()
    {
        Target = target,
        Method = method ?? HttpMethod.Get,
        Headers = headers ?? [],
        Body = body is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(body),
    };

    /// <summary>
    /// A socket server that reads each request (headers, and a body by Content-Length) and writes the scripted answer
    /// for request number i (null: no answer), closing the connection after it when told to.
    /// </summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Func<int, string?> _answer;
        private readonly Func<int, bool> _closeAfter;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _tasks = [];
        private int _requests;
        private int _closed;
        private int _connections;

        private ScriptedServer(Func<int, string?> answer, Func<int, bool> closeAfter)
        {
            _answer = answer;
            _closeAfter = closeAfter;
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Connections => Volatile.Read(ref _connections);

        public List<string> Requests { get; } = [];

        /// <summary>In an answer: what follows is sent 50 ms later, on its own.</summary>
        public const string Later = "<later>";

        /// <summary>An answer that resets the connection (RST) instead of answering.</summary>
        public const string Reset = "<reset>";

        public static ScriptedServer Start(Func<int, string?> answer, Func<int, bool>? closeAfter = null)
        {
            var server = new ScriptedServer(answer, closeAfter ?? (_ => false));
            server._listener.Start();
            lock (server._tasks)
            {
                server._tasks.Add(server.AcceptAsync());
            }
            return server;
        }

        public Uri Url(string pathAndQuery) => new($"http://127.0.0.1:{Port}{pathAndQuery}");

        public Task WaitForRequestsAsync(int count) => WaitAsync(() => Volatile.Read(ref _requests) >= count);

        public Task WaitForClosedAsync(int count) => WaitAsync(() => Volatile.Read(ref _closed) >= count);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            Task[] tasks;
            lock (_tasks)
            {
                tasks = [.. _tasks];
            }
            await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default))).WaitAsync(s_step);
            _stop.Dispose();
        }

        private async Task WaitAsync(Func<bool> condition)
        {
            while (!condition())
            {
                await Task.Delay(10, _stop.Token);
            }
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                Interlocked.Increment(ref _connections);
                lock (_tasks)
                {
                    _tasks.Add(ServeAsync(client));
                }
            }
        }

        private async Task ServeAsync(Socket client)
        {
            using var _ = client;
            var buffer = new byte[64 * 1024];
            var filled = 0;
            while (true)
            {
                var end = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8);
                if (end < 0)
                {
                    var read = await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                    if (read == 0)
                    {
                        Interlocked.Increment(ref _closed);
                        return;
                    }
                    filled += read;
                    continue;
                }
                var head = Encoding.ASCII.GetString(buffer, 0, end + 4);
                var lengthLine = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                var total = end + 4 + (lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture));
                while (filled < total)
                {
                    filled += await client.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, _stop.Token);
                }
                int index;
                lock (Requests)
                {
                    Requests.Add(Encoding.ASCII.GetString(buffer, 0, total));
                    index = Requests.Count - 1;
                }
                Interlocked.Increment(ref _requests);
                buffer.AsSpan(total, filled - total).CopyTo(buffer);
                filled -= total;
                if (_answer(index) is not { } answer)
                {
                    continue; // never answers: the client gives up
                }
                if (answer == Reset)
                {
                    client.LingerState = new LingerOption(true, 0);
                    client.Close();
                    Interlocked.Increment(ref _closed);
                    return;
                }
                var parts = answer.Split(Later);
                for (var p = 0; p < parts.Length; p++)
                {
                    if (p > 0)
                    {
                        await Task.Delay(50, _stop.Token);
                    }
                    await client.SendAsync(Encoding.ASCII.GetBytes(parts[p]), SocketFlags.None, _stop.Token);
                }
                if (_closeAfter(index))
                {
                    client.Shutdown(SocketShutdown.Both);
                    Interlocked.Increment(ref _closed);
                    return;
                }
            }
        }
    }
}
