using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using BlueGreen.Core.Environments;
using BlueGreen.Core.HaProxy;
using BlueGreen.Core.LoadBalancing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BlueGreen.Core.Lab;

/// <summary>
/// Starts the lab with the dashboard: four sample services on loopback and a load balancer in front of them
/// (a real haproxy when installed, else the embedded proxy), and stops every one of them, by id, on shutdown.
/// Registered before the status poller, so the lab's load balancer is known before it is first read.
/// </summary>
public sealed partial class LabHost(
    IOptions<BlueGreenOptions> options,
    EnvironmentCatalog catalog,
    LoadBalancerRegistry registry,
    ILoggerFactory loggerFactory,
    TimeProvider timeProvider) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    // After stopping a previous run's processes: how long their ports may take to be released (and checks at most).
    private static readonly TimeSpan s_stalePortPatience = TimeSpan.FromSeconds(5);
    private const int MaxPortChecks = 100;
    private readonly ILogger<LabHost> _logger = loggerFactory.CreateLogger<LabHost>();
    private readonly Dictionary<string, LabServer> _servers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _serverLock = new(1, 1);
    private LabPidFile? _pidFile;
    private LabProcess? _haproxy;
    private EmbeddedProxy? _embedded;

    private LabOptions Lab => options.Value.Lab;

    /// <summary>True once the lab is up.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>Which load balancer the lab runs: HAProxy or the embedded proxy.</summary>
    public LabProxyKind ProxyInUse { get; private set; }

    /// <summary>The lab's environment.</summary>
    public EnvironmentOptions Environment => catalog.Find(Lab.EnvironmentName)!;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!Lab.Enabled)
        {
            return;
        }
        var folder = LabEnvironment.Folder(options.Value);
        Directory.CreateDirectory(folder);
        _pidFile = new LabPidFile(Path.Combine(folder, "processes.json"), _logger);
        var stale = _pidFile.StopStale();
        if (stale > 0)
        {
            _logger.LogWarning("Stopped {Count} lab processes left by a previous run", stale);
        }

        var environment = Environment;
        var servers = environment.Sites.SelectMany(site => site.Servers.Select(server => (site, server))).ToList();
        // Processes just stopped may take a moment more to release their ports: then wait a little before refusing.
        var patience = stale > 0 ? s_stalePortPatience : TimeSpan.Zero;
        await CheckPortFreeAsync(Lab.FrontendPort, $"{BlueGreenOptions.SectionName}:Lab:FrontendPort", patience, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < servers.Count; i++)
        {
            await CheckPortFreeAsync(Lab.ServerBasePort + i, $"{BlueGreenOptions.SectionName}:Lab:ServerBasePort (the lab uses it and the next three ports)",
                patience, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(servers.Select(s => StartServerAsync(s.server, Lab.InitialVersion, cancellationToken))).ConfigureAwait(false);
            ProxyInUse = ChooseProxy();
            if (ProxyInUse == LabProxyKind.HaProxy)
            {
                await StartHaProxyAsync(environment, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await StartEmbeddedAsync(environment, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await StopAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        IsRunning = true;
        LogStarted(environment.LoadBalancers[0].FrontendUrl, ProxyInUse);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        IsRunning = false;
        if (_embedded is not null)
        {
            await _embedded.DisposeAsync().ConfigureAwait(false);
            _embedded = null;
        }
        if (_haproxy is not null)
        {
            await StopProcessAsync(_haproxy).ConfigureAwait(false);
            _haproxy = null;
        }
        List<LabServer> servers;
        lock (_servers)
        {
            servers = [.. _servers.Values];
            _servers.Clear();
        }
        await Task.WhenAll(servers.Select(s => StopProcessAsync(s.Process))).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _serverLock.Dispose();
    }

    /// <summary>Pids of every process the lab runs now (for tests and diagnostics).</summary>
    public IReadOnlyList<int> ProcessIds
    {
        get
        {
            lock (_servers)
            {
                return [.. _servers.Values.Select(s => s.Process.Pid), .. _haproxy is null ? Array.Empty<int>() : [_haproxy.Pid]];
            }
        }
    }

    /// <summary>The version a lab server runs, as the lab started it.</summary>
    public string? VersionOf(string server)
    {
        lock (_servers)
        {
            return _servers.GetValueOrDefault(server)?.Version;
        }
    }

    /// <summary>
    /// "Installs" <paramref name="version"/> on one lab server: stops its process gracefully (in-flight requests
    /// finish), waits the configured install delay, and starts the new version on the same port.
    /// </summary>
    public async Task InstallAsync(string server, string version, CancellationToken cancellationToken)
    {
        var options = Environment.Sites.SelectMany(s => s.Servers).FirstOrDefault(s => s.Name == server)
            ?? throw new ArgumentException($"The lab has no server '{server}'.", nameof(server));
        await _serverLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            LabServer? old;
            lock (_servers)
            {
                _servers.Remove(server, out old);
            }
            if (old is not null)
            {
                await StopProcessAsync(old.Process).ConfigureAwait(false);
            }
            await Task.Delay(Lab.InstallDelay, timeProvider, cancellationToken).ConfigureAwait(false);
            await StartServerAsync(options, version, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _serverLock.Release();
        }
    }

    private LabProxyKind ChooseProxy()
    {
        var found = HaProxyExecutable() is not null;
        return Lab.Proxy switch
        {
            LabProxyKind.Embedded => LabProxyKind.Embedded,
            LabProxyKind.HaProxy when !found => throw new InvalidOperationException(
                $"{BlueGreenOptions.SectionName}:Lab:Proxy is HaProxy but 'haproxy' is not on the PATH; install it (apt-get install haproxy) or set the option to Auto."),
            LabProxyKind.HaProxy => LabProxyKind.HaProxy,
            _ => found ? LabProxyKind.HaProxy : LabProxyKind.Embedded,
        };
    }

    internal static string? HaProxyExecutable()
        => (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/local/sbin"])
            .Select(dir => Path.Combine(dir, "haproxy"))
            .FirstOrDefault(File.Exists);

    private async Task StartServerAsync(ServerOptions server, string version, CancellationToken cancellationToken)
    {
        var port = int.Parse(server.Address[(server.Address.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var dll = SampleAppPath();
        var process = LabProcess.Start(
            $"sample service {server.Name} {version}",
            DotnetHost(),
            [dll, "--version", version, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--name", server.Name],
            LabEnvironment.Folder(options.Value),
            _logger);
        _pidFile!.Add(new LabProcessRecord(process.Pid, process.Name, $"--port {port}"));
        lock (_servers)
        {
            _servers[server.Name] = new LabServer(process, version);
        }
        await WaitHealthyAsync(process, server.EffectiveHealthUrl, cancellationToken).ConfigureAwait(false);
    }

    private async Task StartHaProxyAsync(EnvironmentOptions environment, CancellationToken cancellationToken)
    {
        var folder = LabEnvironment.Folder(options.Value);
        var socket = LabEnvironment.SocketPath(options.Value);
        var configPath = Path.Combine(folder, "haproxy.cfg");
        File.Delete(socket);
        await File.WriteAllTextAsync(configPath, HaProxyLabConfig.Render(environment, socket, Lab.FrontendPort), cancellationToken).ConfigureAwait(false);
        _haproxy = LabProcess.Start("haproxy", HaProxyExecutable()!, ["-f", configPath, "-db"], folder, _logger);
        _pidFile!.Add(new LabProcessRecord(_haproxy.Pid, "haproxy", configPath));

        var lb = environment.LoadBalancers[0];
        var control = new HaProxyLoadBalancer(socket, lb.Backend, options.Value.RuntimeApiTimeout, loggerFactory.CreateLogger<HaProxyLoadBalancer>(), timeProvider);
        var blue = environment.Sites.Where(s => s.ParsedGroup == SiteGroup.Blue).SelectMany(s => s.Servers).Select(s => s.Name).ToList();
        var deadline = timeProvider.GetUtcNow() + s_startTimeout;
        while (true)
        {
            if (_haproxy.HasExited)
            {
                throw new InvalidOperationException($"haproxy exited at start. Its output:{System.Environment.NewLine}{_haproxy.RecentOutput}");
            }
            try
            {
                // Ready when every Blue server passed its health checks (right after start HAProxy reports
                // "UP 1/2", which is not confirmed yet).
                var state = await control.ReadStateAsync(cancellationToken).ConfigureAwait(false);
                if (blue.All(name => state.Servers.Any(s => s.Name == name && s.IsRoutable)))
                {
                    break;
                }
            }
            catch (LoadBalancerException) when (timeProvider.GetUtcNow() < deadline)
            {
                // Not listening yet.
            }
            if (timeProvider.GetUtcNow() >= deadline)
            {
                throw new TimeoutException($"haproxy did not report a server UP within {s_startTimeout.TotalSeconds:0} s. Its output:{System.Environment.NewLine}{_haproxy.RecentOutput}");
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
        registry.Register(environment.Name, lb.Name, control, "HAProxy", $"http://127.0.0.1:{Lab.FrontendPort}{HaProxyLabConfig.StatsPath}");
        registry.SetNotice(environment.Name, null);
    }

    private async Task StartEmbeddedAsync(EnvironmentOptions environment, CancellationToken cancellationToken)
    {
        var lb = environment.LoadBalancers[0];
        var servers = environment.Sites.SelectMany(site => site.Servers.Select(server => new EmbeddedProxyServer(
            server.Name, server.Address, site.ParsedGroup == SiteGroup.Green ? AdminState.Maint : AdminState.Ready))).ToList();
        _embedded = new EmbeddedProxy(
            new EmbeddedProxyOptions { Port = Lab.FrontendPort, Backend = lb.Backend, Servers = servers },
            loggerFactory,
            timeProvider);
        await _embedded.StartAsync(cancellationToken).ConfigureAwait(false);
        registry.Register(environment.Name, lb.Name, _embedded, "Embedded proxy");
        registry.SetNotice(environment.Name,
            "The lab runs on the embedded proxy because 'haproxy' is not installed (apt-get install haproxy for the real one). It has the same controls, but switch behaviour may differ from HAProxy's.");
    }

    private async Task WaitHealthyAsync(LabProcess process, string healthUrl, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = timeProvider.GetUtcNow() + s_startTimeout;
        while (timeProvider.GetUtcNow() < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited at start. Its output:{System.Environment.NewLine}{process.RecentOutput}");
            }
            try
            {
                using var response = await http.GetAsync(healthUrl, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException($"{process.Name} did not answer {healthUrl} within {s_startTimeout.TotalSeconds:0} s. Its output:{System.Environment.NewLine}{process.RecentOutput}");
    }

    private async Task StopProcessAsync(LabProcess process)
    {
        await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        _pidFile?.Remove(process.Pid);
    }

    private string SampleAppPath()
    {
        var path = string.IsNullOrEmpty(Lab.SampleAppPath)
            ? Path.Combine(AppContext.BaseDirectory, "BlueGreen.SampleApp.dll")
            : Path.GetFullPath(Lab.SampleAppPath);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The lab's sample service was not found at {path}; build the solution, or set {BlueGreenOptions.SectionName}:Lab:SampleAppPath to BlueGreen.SampleApp.dll.", path);
    }

    /// <summary>The dotnet host that runs this process (…/dotnet), found from the runtime's own folder. Internal for
    /// the tests' dashboard fixture, which starts the dashboard the same way.</summary>
    internal static string DotnetHost()
    {
        var fromRuntime = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", "dotnet"));
        return File.Exists(fromRuntime) ? fromRuntime : "dotnet";
    }

    /// <summary>Throws, naming the setting, when <paramref name="port"/> is taken on 127.0.0.1 and stays taken for
    /// <paramref name="patience"/> (tried every 50 ms).</summary>
    private async Task CheckPortFreeAsync(int port, string setting, TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetUtcNow() + patience;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return;
            }
            catch (SocketException ex) when (timeProvider.GetUtcNow() >= deadline || attempt >= MaxPortChecks)
            {
                throw new InvalidOperationException(
                    $"The lab cannot use port {port} on 127.0.0.1: {ex.Message}. Stop whatever uses it (ss -ltnp 'sport = :{port}') or change {setting}.", ex);
            }
            catch (SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lab started: front end {FrontendUrl} on {Proxy}")]
    private partial void LogStarted(string frontendUrl, LabProxyKind proxy);

    private sealed record LabServer(LabProcess Process, string Version);
}
