using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Tests.Fakes;

/// <summary>
/// Real Kestrel endpoints on loopback standing in for app servers: each answers <c>/item</c>, <c>/health</c> and
/// <c>/version</c> with an <c>X-App-Version</c> the test can change (a "-broken" version answers /item with 500).
/// One extra endpoint, the front end, answers with the version <see cref="FrontendVersion"/> returns.
/// </summary>
public sealed class VersionedServers : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _versions = new();
    private readonly WebApplication _app;

    private VersionedServers(WebApplication app, IReadOnlyDictionary<string, int> ports, int frontendPort)
    {
        _app = app;
        Ports = ports;
        FrontendPort = frontendPort;
    }

    public IReadOnlyDictionary<string, int> Ports { get; }
    public int FrontendPort { get; }
    public Func<string> FrontendVersion { get; set; } = () => "unknown";

    public string VersionOf(string server) => _versions[server];

    public void SetVersion(string server, string version) => _versions[server] = version;

    public static async Task<VersionedServers> StartAsync(IEnumerable<string> serverNames, string version)
    {
        var names = serverNames.ToList();
        var ports = names.ToDictionary(n => n, _ => Infrastructure.Integration.FreePort());
        var frontendPort = Infrastructure.Integration.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            foreach (var port in ports.Values.Append(frontendPort))
            {
                k.ListenLocalhost(port);
            }
        });
        var app = builder.Build();
        VersionedServers? self = null;
        app.Run(async context =>
        {
            var port = context.Connection.LocalPort;
            var version = port == frontendPort
                ? self!.FrontendVersion()
                  : self!._versions[ports.First(p => p.Value == port).Key];
            context.Response.Headers["X-App-Version"] = version;
            if (context.Request.Path.StartsWithSegments("/item") && version.EndsWith("-broken", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 500;
                return;
            }
            await context.Response.WriteAsync(context.Request.Path == "/version" ? $$"""{"version":"{{version}}"}""" : "[]");
        });
        self = new VersionedServers(app, ports, frontendPort);
        foreach (var name in names)
        {
            self._versions[name] = version;
        }
        await app.StartAsync();
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
