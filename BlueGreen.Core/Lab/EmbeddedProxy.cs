using System.Net;
using BlueGreen.Core.LoadBalancing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace BlueGreen.Core.Lab;

/// <summary>
/// The lab's load balancer when <c>haproxy</c> is not installed: a reverse proxy (Kestrel + YARP's direct forwarder)
/// on <c>127.0.0.1:Port</c> with one backend and the same controls and semantics as HAProxy's runtime API:
/// round robin over servers that are admin Ready, weighted above 0 and checked Up (or "Up, going down", which
/// HAProxy still routes to until <c>fall</c> checks have failed), Drain (no new requests, in-flight ones finish),
/// Maint (no traffic, no checks), HTTP health checks with rise / fall, redispatch of failed connections (and of
/// body-less idempotent requests whose server broke off), 503 when no server is left, and HAProxy's per-server
/// counters.
/// </summary>
/// <remarks>
/// A singleton per lab environment. All members are thread-safe. <see cref="StartAsync"/> once, then
/// <see cref="StopAsync"/> and / or <see cref="DisposeAsync"/>; control and read calls work before start too (they
/// change or report the same state the proxy routes by).
/// </remarks>
public sealed partial class EmbeddedProxy : ILoadBalancerControl, IAsyncDisposable
{
    private readonly EmbeddedProxyOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger<EmbeddedProxy> _logger;
    private readonly TimeProvider _timeProvider;
    private readonly EmbeddedProxyBackendServer[] _servers;
    private readonly HttpMessageInvoker _invoker;
    private readonly Lock _stateLock = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);

    private EmbeddedProxyRotation _rotation;
    private int _cursor;
    private long _backendHttp5xx;
    private IHttpForwarder? _forwarder;
    private WebApplication? _app;
    private CancellationTokenSource? _checksCancellation;
    private Task _checks = Task.CompletedTask;
    private int _port;
    private bool _disposed;

    /// <summary>Validates <paramref name="options"/> (throws <see cref="ArgumentException"/> naming every problem);
    /// nothing listens until <see cref="StartAsync"/>.</summary>
    public EmbeddedProxy(EmbeddedProxyOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Validate(options);
        _options = options;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<EmbeddedProxy>();
        _timeProvider = timeProvider;
        _port = options.Port;
        _servers = [.. options.Servers.Select(s => new EmbeddedProxyBackendServer(s, options.HealthPath))];
        _rotation = EmbeddedProxyRotation.Build(_servers);
        // One invoker for every request and check: pooled connections, no proxy, no redirects, no decompression
        // and no cookies (a proxy passes those through), a short connect timeout so a dead server is found fast.
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = options.ConnectTimeout,
            ActivityHeadersPropagator = null,
        }, disposeHandler: true);
    }

    /// <summary>The bound front-end port: <see cref="EmbeddedProxyOptions.Port"/>, or the port picked when it is 0
    /// (known after <see cref="StartAsync"/>).</summary>
    public int Port => Volatile.Read(ref _port);

    /// <inheritdoc />
    public string Address => $"embedded://127.0.0.1:{Port}";

    /// <summary>Binds <c>127.0.0.1:Port</c> with Kestrel and starts the health checks. Throws
    /// <see cref="LoadBalancerException"/> naming the port when it is in use.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_app is not null)
            {
                throw new InvalidOperationException($"The embedded proxy on {Address} is already started.");
            }
            var app = BuildHost();
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (Exception ex)
            {
                await app.DisposeAsync();
                if (IsAddressInUse(ex))
                {
                    throw new LoadBalancerException(
                        $"The embedded proxy cannot listen on 127.0.0.1:{_options.Port}: the port is already in use. " +
                        "Stop what uses it or configure another front-end port.", ex);
                }
                throw new LoadBalancerException($"The embedded proxy could not start on 127.0.0.1:{_options.Port}: {ex.Message}", ex);
            }
            _app = app;
            if (_options.Port == 0 && app.Urls.Select(u => new Uri(u).Port).FirstOrDefault() is > 0 and var bound)
            {
                Volatile.Write(ref _port, bound);
            }
            _checksCancellation = new CancellationTokenSource();
            var token = _checksCancellation.Token;
            _checks = Task.WhenAll(_servers.Select(s => Task.Run(() => CheckLoopAsync(s, token), CancellationToken.None)));
            _logger.LogInformation("Embedded proxy for {Backend} listening on {Address} with {ServerCount} servers",
                _options.Backend, Address, _servers.Length);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the health checks, stops accepting, and waits (until <paramref name="cancellationToken"/> fires)
    /// for in-flight requests to finish. Does nothing when not started.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            await StopCoreAsync(cancellationToken);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops (waiting up to 30 s for in-flight requests) and releases the connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync();
        try
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await StopCoreAsync(timeout.Token);
            }
            finally
            {
                _invoker.Dispose();
                foreach (var server in _servers)
                {
                    server.CheckNow.Dispose();
                }
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <inheritdoc />
    public Task<LoadBalancerState> ReadStateAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var timestamp = _timeProvider.GetTimestamp();
        var frequency = _timeProvider.TimestampFrequency;
        ServerState[] servers;
        lock (_stateLock)
        {
            servers = [.. _servers.Select(s => s.ToState(timestamp, frequency))];
        }
        return Task.FromResult(new LoadBalancerState
        {
            Backend = _options.Backend,
            BackendQueue = 0,
            BackendHttp5xx = Interlocked.Read(ref _backendHttp5xx),
            Servers = servers,
            ReadAt = _timeProvider.GetUtcNow(),
        });
    }

    /// <inheritdoc />
    /// <remarks>Maint reports the server Down with no check status and stops its checks; leaving Maint starts it Down
    /// and checks it at once, so it takes traffic after <see cref="EmbeddedProxyOptions.Rise"/> passing checks.
    /// Drain and Maint let in-flight requests finish.</remarks>
    public Task SetServerStateAsync(string server, AdminState state, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = Find(server);
        AdminState previous;
        lock (_stateLock)
        {
            previous = target.Admin;
            if (previous == state)
            {
                return Task.CompletedTask;
            }
            target.Admin = state;
            if (state == AdminState.Maint || previous == AdminState.Maint)
            {
                target.Operational = OperationalState.Down;
                target.CheckStatus = "";
                target.CheckStreak = 0;
                target.MaintEpoch++;
            }
            if (previous == AdminState.Maint && target.CheckNow.CurrentCount == 0)
            {
                target.CheckNow.Release();
            }
            RebuildRotation();
        }
        _logger.LogInformation("Server {Backend}/{Server} admin state {Previous} -> {State}", _options.Backend, server, previous, state);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>Weight 0 takes no new requests (as Drain, but the admin state stays Ready).</remarks>
    public Task SetServerWeightAsync(string server, int weight, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var target = Find(server);
        if (weight is < 0 or > 256)
        {
            throw new LoadBalancerException($"Weight {weight} for server '{server}' on {Address} is out of range: use 0-256.");
        }
        lock (_stateLock)
        {
            target.Weight = weight;
            RebuildRotation();
        }
        _logger.LogInformation("Server {Backend}/{Server} weight set to {Weight}", _options.Backend, server, weight);
        return Task.CompletedTask;
    }

    private WebApplication BuildHost()
    {
        // An empty builder: no appsettings, no ASPNETCORE_URLS, no console lifetime of its own. The proxy listens
        // where the options say and stops when its owner says.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = [],
            ApplicationName = typeof(EmbeddedProxy).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, _options.Port);
        });
        builder.Services.Replace(ServiceDescriptor.Singleton(_loggerFactory));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedProxyHostLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        // Resolved before the listener opens, so the first request already finds it.
        _forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        app.Run(ForwardAsync);
        return app;
    }

    private async Task StopCoreAsync(CancellationToken cancellationToken)
    {
        var checks = _checksCancellation;
        _checksCancellation = null;
        if (checks is not null)
        {
            await checks.CancelAsync();
        }
        try
        {
            if (_app is { } app)
            {
                _app = null;
                try
                {
                    // Stops accepting at once; in-flight requests finish until the token fires.
                    await app.StopAsync(cancellationToken);
                }
                finally
                {
                    await app.DisposeAsync();
                }
                _logger.LogInformation("Embedded proxy for {Backend} on {Address} stopped", _options.Backend, Address);
            }
        }
        finally
        {
            if (checks is not null)
            {
                // The loops end on cancellation (their checks use the same token), so this wait is short.
                await _checks.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                checks.Dispose();
            }
        }
    }

    private EmbeddedProxyBackendServer Find(string server) =>
        Array.Find(_servers, s => s.Name == server)
        ?? throw new LoadBalancerException(
            $"No such server '{server}' in backend '{_options.Backend}' of the embedded proxy on {Address}; " +
            $"known servers: {string.Join(", ", _servers.Select(s => s.Name))}.");

    /// <summary>Call under <see cref="_stateLock"/>.</summary>
    private void RebuildRotation() => Volatile.Write(ref _rotation, EmbeddedProxyRotation.Build(_servers));

    private static bool IsAddressInUse(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is AddressInUseException)
            {
                return true;
            }
        }
        return false;
    }

    private static void Validate(EmbeddedProxyOptions options)
    {
        var problems = new List<string>();
        if (options.Port is < 0 or > 65535)
        {
            problems.Add($"Port {options.Port} is not 0-65535");
        }
        if (string.IsNullOrWhiteSpace(options.Backend))
        {
            problems.Add("Backend is empty");
        }
        if (options.Servers is null || options.Servers.Count == 0)
        {
            problems.Add("Servers is empty");
        }
        else
        {
            foreach (var duplicate in options.Servers.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                problems.Add($"server name '{duplicate.Key}' is used twice");
            }
            foreach (var server in options.Servers)
            {
                if (string.IsNullOrWhiteSpace(server.Name))
                {
                    problems.Add("a server has no name");
                }
                if (!Uri.TryCreate($"http://{server.Address}", UriKind.Absolute, out var uri)
                    || uri.AbsolutePath != "/" || !server.Address.EndsWith($":{uri.Port}", StringComparison.Ordinal))
                {
                    problems.Add($"server '{server.Name}' address '{server.Address}' is not host:port");
                }
            }
        }
        if (!options.HealthPath.StartsWith('/'))
        {
            problems.Add($"HealthPath '{options.HealthPath}' does not start with '/'");
        }
        if (options.HealthInterval <= TimeSpan.Zero)
        {
            problems.Add("HealthInterval must be positive");
        }
        if (options.ConnectTimeout <= TimeSpan.Zero)
        {
            problems.Add("ConnectTimeout must be positive");
        }
        if (options.Rise < 1 || options.Fall < 1)
        {
            problems.Add("Rise and Fall must be at least 1");
        }
        if (options.Retries < 0)
        {
            problems.Add("Retries must not be negative");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid embedded proxy options: {string.Join("; ", problems)}.", nameof(options));
        }
    }
}
