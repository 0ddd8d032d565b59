using System.Collections.Concurrent;
using System.Net;
using BlueGreen.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.LoadTesting;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port: <c>GET /ok</c>; <c>GET /slow?ms=</c>, which answers after
/// that many milliseconds (or when the client gives up); <c>GET /status/{code}</c>; <c>GET /reset</c>, which drops
/// the connection without a response. Counts the distinct connections it has seen.
/// </summary>
internal sealed class TestWebServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, byte> _connections = new();
    private readonly WebApplication _app;

    private TestWebServer(int port)
    {
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        _app = builder.Build();
        _app.Use((context, next) =>
        {
            _connections.TryAdd(context.Connection.Id, 0);
            return next(context);
        });
        _app.MapGet("/ok", () => "ok");
        _app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        _app.MapGet("/reset", (HttpContext context) => context.Abort());
        _app.MapGet("/slow", async (int ms, HttpContext context) =>
        {
            await Task.Delay(ms, context.RequestAborted);
            return "slow";
        });
    }

    public Uri BaseUri { get; }

    public int DistinctConnections => _connections.Count;

    public Uri Url(string pathAndQuery) => new(BaseUri, pathAndQuery);

    /// <summary>Starts the server; returns once Kestrel is listening.</summary>
    public static async Task<TestWebServer> StartAsync(CancellationToken cancellationToken)
    {
        var server = new TestWebServer(Integration.FreePort());
        await server._app.StartAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
