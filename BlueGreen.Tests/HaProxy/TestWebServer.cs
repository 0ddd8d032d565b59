using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.HaProxy;

/// <summary>
/// A tiny in-process Kestrel app on 127.0.0.1 standing in for an app server behind HAProxy: <c>GET /health</c> and
/// <c>GET /</c> answer 200; <c>GET /slow</c> holds the request open until <see cref="ReleaseSlowRequests"/> (or 30 s),
/// so a test can keep a session open through HAProxy.
/// </summary>
internal sealed class TestWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _slowArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _slowInFlight;
    private bool _disposed;

    private TestWebServer(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public int Port { get; private set; }

    public int SlowRequestsInFlight => Volatile.Read(ref _slowInFlight);

    /// <summary>Completes when the first <c>/slow</c> request has reached this server.</summary>
    public Task SlowRequestArrived => _slowArrived.Task;

    /// <summary>Starts on <paramref name="port"/> (0: any free port) and returns once Kestrel listens.</summary>
    public static async Task<TestWebServer> StartAsync(string name, CancellationToken cancellationToken, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var server = new TestWebServer(app, name);
        app.MapGet("/health", () => Results.Text("ok"));
        app.MapGet("/", () => Results.Text(name));
        app.MapGet("/slow", server.SlowAsync);
        await app.StartAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        server.Port = new Uri(app.Urls.First()).Port;
        return server;
    }

    public void ReleaseSlowRequests() => _release.TrySetResult();

    /// <summary>Stops listening (the app server "dies"); HAProxy's checks then fail with L4CON.</summary>
    public async Task StopAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        ReleaseSlowRequests();
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await _app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task<IResult> SlowAsync(CancellationToken requestAborted)
    {
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
