using BlueGreen.Core.LoadBalancing;

namespace BlueGreen.Core.Lab;

/// <summary>
/// The live state of one server of an <see cref="EmbeddedProxy"/>. Admin, operational and check fields change
/// rarely and only under the proxy's state lock; the counters are fields so the request path can bump them with
/// <see cref="Interlocked"/> and no lock.
/// </summary>
internal sealed class EmbeddedProxyBackendServer
{
    public EmbeddedProxyBackendServer(EmbeddedProxyServer server, string healthPath)
    {
        Name = server.Name;
        Address = server.Address;
        DestinationPrefix = $"http://{server.Address}";
        HealthUri = new Uri($"http://{server.Address}{(healthPath.StartsWith('/') ? "" : "/")}{healthPath}");
        Admin = server.InitialState;
        Operational = server.InitialState == AdminState.Maint ? OperationalState.Down : OperationalState.Up;
    }

    public string Name { get; }
    public string Address { get; }
    public string DestinationPrefix { get; }
    public Uri HealthUri { get; }

    // Guarded by the proxy's state lock.
    public AdminState Admin { get; set; }
    public OperationalState Operational { get; set; }
    public string CheckStatus { get; set; } = "";
    public int Weight { get; set; } = 1;
    /// <summary>Passing (Starting) or failing (Stopping) checks in a row.</summary>
    public int CheckStreak { get; set; }
    /// <summary>Bumped on every move into or out of Maint, so a check that started before it is thrown away.</summary>
    public int MaintEpoch { get; set; }

    /// <summary>Released (under the state lock, at most once) to run the next check now, e.g. on leaving Maint.</summary>
    public SemaphoreSlim CheckNow { get; } = new(0, 1);

    public EmbeddedProxyRateCounter SessionRate { get; } = new();

    // Hot-path counters, Interlocked only.
    public int CurrentSessions;
    public long TotalSessions;
    public long Http5xx;
    public long ConnectionErrors;
    public long ResponseErrors;
    public long Retries;
    public long Redispatches;
    public long ClientAborts;
    public long ServerAborts;

    /// <summary>Takes new requests. Stopping counts: HAProxy keeps routing to a server that is "UP, going down" until
    /// <c>fall</c> checks have failed, and redispatch covers the requests it fails meanwhile.</summary>
    public bool TakesNewRequests =>
        Admin == AdminState.Ready && Weight > 0 && Operational is OperationalState.Up or OperationalState.Stopping;

    public void BeginSession(long timestamp, long frequency)
    {
        Interlocked.Increment(ref CurrentSessions);
        Interlocked.Increment(ref TotalSessions);
        SessionRate.Increment(timestamp, frequency);
    }

    public void EndSession() => Interlocked.Decrement(ref CurrentSessions);

    /// <summary>A snapshot; call under the state lock so admin, operational and check status agree.</summary>
    public ServerState ToState(long timestamp, long frequency) => new()
    {
        Name = Name,
        Admin = Admin,
        Operational = Operational,
        CheckStatus = CheckStatus,
        CurrentSessions = Volatile.Read(ref CurrentSessions),
        QueuedRequests = 0,
        SessionRate = SessionRate.Read(timestamp, frequency),
        Weight = Weight,
        TotalSessions = Interlocked.Read(ref TotalSessions),
        Http5xx = Interlocked.Read(ref Http5xx),
        ConnectionErrors = Interlocked.Read(ref ConnectionErrors),
        ResponseErrors = Interlocked.Read(ref ResponseErrors),
        Retries = Interlocked.Read(ref Retries),
        Redispatches = Interlocked.Read(ref Redispatches),
        ClientAborts = Interlocked.Read(ref ClientAborts),
        ServerAborts = Interlocked.Read(ref ServerAborts),
    };
}
