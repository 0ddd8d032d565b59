using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.HaProxy;

/// <summary>
/// <see cref="ILoadBalancerControl"/> for one backend of one HAProxy, through its runtime API. A thread-safe
/// singleton per (address, backend); every call is bounded by the timeout given at construction and honours its
/// cancellation token.
/// </summary>
public sealed class HaProxyLoadBalancer : ILoadBalancerControl, ISessionControl
{
    /// <summary>Largest weight HAProxy accepts (<c>SRV_UWGHT_MAX</c>).</summary>
    public const int MaxWeight = 256;

    private readonly HaProxyRuntimeClient _client;
    private readonly ILogger<HaProxyLoadBalancer> _logger;
    private readonly TimeProvider _timeProvider;

    /// <param name="address">Runtime API address: a unix socket path, <c>unix:/path</c> or <c>tcp://host:port</c>.
    /// The socket needs <c>level admin</c> for the set commands.</param>
    /// <param name="backend">The HAProxy backend whose servers this instance reads and changes.</param>
    /// <param name="timeout">Bound on each runtime API command.</param>
    /// <param name="logger">State changes are logged at Information.</param>
    /// <param name="timeProvider">Stamps <see cref="LoadBalancerState.ReadAt"/>.</param>
    /// <exception cref="ArgumentException">The address or the backend name is not valid.</exception>
    public HaProxyLoadBalancer(string address, string backend, TimeSpan timeout,
        ILogger<HaProxyLoadBalancer> logger, TimeProvider timeProvider)
    {
        HaProxyNames.ThrowIfInvalid(backend, "backend", nameof(backend));
        _client = new HaProxyRuntimeClient(address, timeout);
        Backend = backend;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// The <see cref="LoadBalancerRegistry"/>'s default: a configured load balancer is an HAProxy reached through
    /// its runtime API, each command bounded by <see cref="BlueGreenOptions.RuntimeApiTimeout"/>.
    /// </summary>
    public static Func<LoadBalancerOptions, RegisteredControl> Factory(BlueGreenOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        return loadBalancer => new RegisteredControl(
            new HaProxyLoadBalancer(loadBalancer.RuntimeApi, loadBalancer.Backend, options.RuntimeApiTimeout,
                loggerFactory.CreateLogger<HaProxyLoadBalancer>(), timeProvider),
            "HAProxy");
    }

    /// <inheritdoc />
    public string Address => _client.DisplayAddress;

    /// <summary>The HAProxy backend this instance controls.</summary>
    public string Backend { get; }

    /// <summary>
    /// Reads the backend with <c>show servers state &lt;backend&gt;</c> (admin state, op state, the server list) and
    /// <c>show stat &lt;backend&gt; 6 -1</c> (status text, check status, sessions, counters), and merges them per
    /// server in HAProxy's order. See <see cref="HaProxyStateMapping"/> for how the states are derived.
    /// </summary>
    /// <exception cref="HaProxyCommandException">HAProxy answered with an error (e.g. the backend does not exist) or
    /// with text that is not the expected table.</exception>
    /// <exception cref="HaProxyUnreachableException">The runtime API could not be reached in time.</exception>
    public async Task<LoadBalancerState> ReadStateAsync(CancellationToken cancellationToken)
    {
        var serversCommand = $"show servers state {Backend}";
        // "<proxy> 6 -1": only this backend's BACKEND row (type 2) and server rows (type 4), all servers (-1), so a
        // large configuration does not cost a large answer on every poll.
        var statCommand = $"show stat {Backend} 6 -1";
        // Both at once: the client allows two connections, and the closer together the two reads, the less they
        // can disagree about a server that is changing.
        var serversTask = _client.ExecuteAsync(serversCommand, cancellationToken);
        var statTask = _client.ExecuteAsync(statCommand, cancellationToken);
        await Task.WhenAll(serversTask, statTask).ConfigureAwait(false);

        var servers = Parse(serversCommand, await serversTask.ConfigureAwait(false), HaProxyServersStateParser.Parse);
        var stats = Parse(statCommand, await statTask.ConfigureAwait(false), HaProxyStatParser.Parse);

        var statByServer = new Dictionary<string, HaProxyStatRow>(StringComparer.Ordinal);
        HaProxyStatRow? backendRow = null;
        foreach (var row in stats.Where(r => r.ProxyName == Backend))
        {
            if (row.IsBackend)
            {
                backendRow = row;
            }
            else if (!row.IsFrontend)
            {
                statByServer.TryAdd(row.ServiceName, row);
            }
        }

        var readAt = _timeProvider.GetUtcNow();
        var result = new List<ServerState>();
        foreach (var server in servers.Where(s => s.BackendName == Backend))
        {
            // A server added or deleted between the two reads has no stat row yet: report what servers state says.
            statByServer.TryGetValue(server.ServerName, out var stat);
            result.Add(new ServerState
            {
                Name = server.ServerName,
                Admin = HaProxyStateMapping.ToAdminState(server.AdminFlags),
                Operational = HaProxyStateMapping.ToOperationalState(stat?.Status ?? "", server.OpState),
                CheckStatus = stat?.CheckStatus ?? "",
                CurrentSessions = stat?.CurrentSessions ?? 0,
                QueuedRequests = stat?.CurrentQueue ?? 0,
                SessionRate = stat?.SessionRate ?? 0,
                Weight = stat?.Weight ?? server.UserWeight,
                TotalSessions = stat?.TotalSessions ?? 0,
                Http5xx = stat?.Http5xx ?? 0,
                ConnectionErrors = stat?.ConnectionErrors ?? 0,
                ResponseErrors = stat?.ResponseErrors ?? 0,
                Retries = stat?.Retries ?? 0,
                Redispatches = stat?.Redispatches ?? 0,
                BytesIn = stat?.BytesIn,
                BytesOut = stat?.BytesOut,
                LastChangeAt = stat?.SecondsSinceChange is { } seconds ? readAt - TimeSpan.FromSeconds(seconds) : null,
                ClientAborts = stat?.ClientAborts ?? 0,
                ServerAborts = stat?.ServerAborts ?? 0,
            });
        }

        return new LoadBalancerState
        {
            Backend = Backend,
            BackendQueue = backendRow?.CurrentQueue ?? 0,
            // hrsp_5xx of the BACKEND row counts what clients got, including the 502/503/504 HAProxy generated
            // itself (captured: one 502 after a server died mid-request shows as hrsp_5xx 1 and eresp 1).
            BackendHttp5xx = backendRow?.Http5xx ?? 0,
            Servers = result,
            ReadAt = readAt,
        };
    }

    /// <inheritdoc />
    /// <exception cref="HaProxyCommandException">HAProxy refused (unknown server, socket not at admin level...).</exception>
    /// <exception cref="HaProxyUnreachableException">The runtime API could not be reached in time.</exception>
    public async Task SetServerStateAsync(string server, AdminState state, CancellationToken cancellationToken)
    {
        HaProxyNames.ThrowIfInvalid(server, "server", nameof(server));
        var word = state switch
        {
            AdminState.Ready => "ready",
            AdminState.Drain => "drain",
            AdminState.Maint => "maint",
            _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown admin state."),
        };
        _logger.LogInformation("Setting {Server} on {Backend} to {State}", server, Backend, state);
        await _client.ExecuteActionAsync($"set server {Backend}/{server} state {word}", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The weight is outside 0..256.</exception>
    /// <exception cref="HaProxyCommandException">HAProxy refused.</exception>
    /// <exception cref="HaProxyUnreachableException">The runtime API could not be reached in time.</exception>
    public async Task SetServerWeightAsync(string server, int weight, CancellationToken cancellationToken)
    {
        HaProxyNames.ThrowIfInvalid(server, "server", nameof(server));
        if (weight is < 0 or > MaxWeight)
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight,
                $"A HAProxy server weight is between 0 and {MaxWeight}.");
        }
        _logger.LogInformation("Setting weight of {Server} on {Backend} to {Weight}", server, Backend, weight);
        await _client.ExecuteActionAsync($"set server {Backend}/{server} weight {weight}", cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Closes every session currently open to <paramref name="server"/>
    /// (<c>shutdown sessions server backend/server</c>): the escalation when a drain does not finish in time.</summary>
    /// <exception cref="HaProxyCommandException">HAProxy refused.</exception>
    /// <exception cref="HaProxyUnreachableException">The runtime API could not be reached in time.</exception>
    public async Task ShutdownSessionsAsync(string server, CancellationToken cancellationToken)
    {
        HaProxyNames.ThrowIfInvalid(server, "server", nameof(server));
        _logger.LogInformation("Shutting down the sessions of {Server} on {Backend}", server, Backend);
        await _client.ExecuteActionAsync($"shutdown sessions server {Backend}/{server}", cancellationToken)
            .ConfigureAwait(false);
    }

    private static T Parse<T>(string command, string answer, Func<string, T> parse)
    {
        try
        {
            return parse(answer);
        }
        catch (FormatException ex)
        {
            // An error answer ("Can't find backend.", "Permission denied", "Unknown command...") is not a table and
            // speaks for itself; a table that went wrong further down needs the parser's detail.
            var looksLikeTable = answer.TrimStart().StartsWith('#') || answer.TrimStart().StartsWith("1\n", StringComparison.Ordinal);
            throw new HaProxyCommandException(command, answer, looksLikeTable ? ex.Message : null, ex);
        }
    }
}
