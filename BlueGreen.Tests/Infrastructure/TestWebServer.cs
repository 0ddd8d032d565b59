using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 (a port of its own, or the one asked for), standing in for an app server:
/// <c>GET /</c> answers its name; <c>/health</c> and <c>/ok</c> answer 200; <c>/status/{code}</c> answers that code;
/// <c>/reset</c> drops the connection without a response; <c>/slow?ms=</c> answers after that many milliseconds (or
/// when the client gives up); <c>/slow</c> without <c>ms</c> holds the request open until
/// <see cref="ReleaseSlowRequests"/> (or 30 s), so a test can keep a session open through HAProxy. Counts the
/// distinct connections it has seen.
/// </summary>
internal sealed class TestWebServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte> _connections = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _slowArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly WebApplication _app;
    private int _slowInFlight;
    private bool _stopped;

    private TestWebServer(string name, int port)
    {
        Name = name;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        _app = builder.Build();
        _app.Use((context, next) =>
        {
            _connections.TryAdd(context.Connection.Id, 0);
            return next(context);
        });
        _app.MapGet("/", () => Results.Text(name));
        _app.MapGet("/health", () => Results.Text("ok"));
        _app.MapGet("/ok", () => "ok");
        _app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        _app.MapGet("/reset", (HttpContext context) => context.Abort());
        _app.MapGet("/slow", SlowAsync);
        _app.MapGet("/version.json", () => Results.Json(new { version = "4.5.6", name }));
        // A body of the given size in KB, written in 1 KB pieces (a page or a stream where a version was expected).
        _app.MapGet("/big/{kb:int}", async (int kb, HttpContext context) =>
        {
            var piece = new byte[1024];
            Array.Fill(piece, (byte)'x');
            try
            {
                for (var i = 0; i < kb && !context.RequestAborted.IsCancellationRequested; i++)
                {
                    await context.Response.Body.WriteAsync(piece, context.RequestAborted);
                    Interlocked.Add(ref _bigBytesWritten, piece.Length);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
                // The client stopped reading and went away: what was written is counted.
            }
        });
    }

    public string Name { get; }

    public int Port { get; private set; }

    private long _bigBytesWritten;

    /// <summary>Bytes the <c>/big/{kb}</c> route managed to write before each client stopped reading.</summary>
    public long BigBytesWritten => Interlocked.Read(ref _bigBytesWritten);

    public Uri BaseUri => new($"http://127.0.0.1:{Port}/");

    public int DistinctConnections => _connections.Count;

    public int SlowRequestsInFlight => Volatile.Read(ref _slowInFlight);

    /// <summary>Completes when the first held <c>/slow</c> request has reached this server.</summary>
    public Task SlowRequestArrived => _slowArrived.Task;

    public Uri Url(string pathAndQuery) => new(BaseUri, pathAndQuery);

    /// <summary>Starts on a port of its own and returns once Kestrel listens.</summary>
    public static Task<TestWebServer> StartAsync(CancellationToken cancellationToken) => StartAsync("test", cancellationToken);

    /// <summary>Starts as <paramref name="name"/> on <paramref name="port"/> (0: a port of its own) and returns once Kestrel listens.</summary>
    public static async Task<TestWebServer> StartAsync(string name, CancellationToken cancellationToken, int port = 0)
    {
        var server = new TestWebServer(name, port);
        await server._app.StartAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        server.Port = new Uri(server._app.Urls.First()).Port;
        return server;
    }

    public void ReleaseSlowRequests() => _release.TrySetResult();

    /// <summary>Stops listening (the app server "dies"); HAProxy's checks then fail with L4CON.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        ReleaseSlowRequests();
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task<IResult> SlowAsync(int? ms, CancellationToken requestAborted)
    {
        if (ms is { } delay)
        {
            await Task.Delay(delay, requestAborted);
            return Results.Text("slow");
        }
        Interlocked.Increment(ref _slowInFlight);
        _slowArrived.TrySetResult();
        try
        {
            await _release.Task.WaitAsync(TimeSpan.FromSeconds(30), requestAborted);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _slowInFlight);
        }
        return Results.Text($"{Name} slow");
    }
}
