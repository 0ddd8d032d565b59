using Microsoft.Extensions.DependencyInjection;
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
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Port 0 for each endpoint, read back after start: no window in which a parallel test can take the port.
        builder.WebHost.ConfigureKestrel(k =>
        {
            for (var i = 0; i <= names.Count; i++)
            {
                k.Listen(System.Net.IPAddress.Loopback, 0);
            }
        });
        var app = builder.Build();
        VersionedServers? self = null;
        var ports = new Dictionary<string, int>();
        var frontendPort = 0;
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
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!
            .Addresses.Select(a => new Uri(a).Port).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            ports[names[i]] = bound[i];
        }
        frontendPort = bound[names.Count];
        self = new VersionedServers(app, ports, frontendPort);
        foreach (var name in names)
        {
            self._versions[name] = version;
        }
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
