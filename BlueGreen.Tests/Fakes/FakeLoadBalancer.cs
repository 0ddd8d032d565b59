using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Tests.Fakes;

/// <summary>
/// A load balancer with HAProxy's semantics reduced to what the switch logic needs: a server set READY from
/// MAINT comes UP after <see cref="RiseReads"/> reads; a draining server's sessions drop by one per read.
/// Records every command and whether a READY+UP server remained after it (the never-zero invariant).
/// </summary>
public sealed class FakeLoadBalancer : ILoadBalancerControl, ISessionControl
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Server> _servers = new(StringComparer.Ordinal);

    public FakeLoadBalancer(params (string Name, AdminState Admin)[] servers)
    {
        foreach (var (name, admin) in servers)
        {
            _servers[name] = new Server { Admin = admin, Up = admin != AdminState.Maint };
        }
    }

    public string Address => "fake://lb";
    public int RiseReads { get; set; } = 2;
    /// <summary>Servers that never pass health checks.</summary>
    public HashSet<string> Unhealthy { get; } = [];
    public List<string> Commands { get; } = [];
    /// <summary>After each command: how many servers were READY and UP.</summary>
    public List<int> RoutableAfterCommand { get; } = [];
    /// <summary>Sessions that never drain on their own (for escalation tests).</summary>
    public bool StuckSessions { get; set; }
    public long Http5xxPerRead { get; set; }
    /// <summary>Requests waiting in the backend itself (<c>qcur</c> of the BACKEND row); one leaves per read unless stuck.</summary>
    public int BackendQueue { get; set; }

    /// <summary>Fault: once this many commands have landed, every read and command fails as if the runtime socket
    /// were gone (null: never). Clearing it brings the load balancer back with the state it had.</summary>
    public int? LostAfterCommands { get; set; }

    private void ThrowIfLost()
    {
        if (LostAfterCommands is { } limit && Commands.Count >= limit)
        {
            throw new LoadBalancerException("Cannot reach lb1 at fake://lb: connection refused (the runtime socket is gone).");
        }
    }

    public void SetSessions(string server, int sessions)
    {
        lock (_lock)
        {
            _servers[server].Sessions = sessions;
        }
    }

    public AdminState AdminOf(string server)
    {
        lock (_lock)
        {
            return _servers[server].Admin;
        }
    }

    public Task<LoadBalancerState> ReadStateAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfLost();
            foreach (var (name, server) in _servers)
            {
                if (server.Admin != AdminState.Maint && !server.Up && !Unhealthy.Contains(name) && ++server.ReadsSinceReady >= RiseReads)
                {
                    server.Up = true;
                }
                if (server.Admin == AdminState.Drain && server.Sessions > 0 && !StuckSessions)
                {
                    server.Sessions--;
                }
                if (server.Admin == AdminState.Ready && server.Up)
                {
                    server.Http5xx += Http5xxPerRead;
                }
            }
            if (BackendQueue > 0 && !StuckSessions)
            {
                BackendQueue--;
            }
            return Task.FromResult(new LoadBalancerState
            {
                Backend = "app",
                BackendQueue = BackendQueue,
                ReadAt = DateTimeOffset.UtcNow,
                Servers = _servers.Select(kv => new ServerState
                {
                    Name = kv.Key,
                    Admin = kv.Value.Admin,
                    Operational = kv.Value.Up ? OperationalState.Up : OperationalState.Down,
                    CurrentSessions = kv.Value.Sessions,
                    Http5xx = kv.Value.Http5xx,
                }).ToList(),
            });
        }
    }

    public Task SetServerStateAsync(string server, AdminState state, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfLost();
            if (!_servers.TryGetValue(server, out var s))
            {
                throw new LoadBalancerException($"No such server '{server}'.");
            }
            if (s.Admin == AdminState.Maint && state != AdminState.Maint)
            {
                s.Up = false;
                s.ReadsSinceReady = 0;
            }
            if (state == AdminState.Maint)
            {
                s.Up = false;
            }
            s.Admin = state;
            Commands.Add($"{server}:{state}");
            RoutableAfterCommand.Add(_servers.Values.Count(v => v.Admin == AdminState.Ready && v.Up));
            return Task.CompletedTask;
        }
    }

    public Task SetServerWeightAsync(string server, int weight, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ShutdownSessionsAsync(string server, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _servers[server].Sessions = 0;
            Commands.Add($"{server}:shutdown-sessions");
            return Task.CompletedTask;
        }
    }

    private sealed class Server
    {
        public AdminState Admin { get; set; }
        public bool Up { get; set; }
        public int ReadsSinceReady { get; set; }
        public int Sessions { get; set; }
        public long Http5xx { get; set; }
    }
}
