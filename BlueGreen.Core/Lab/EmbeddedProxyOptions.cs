namespace BlueGreen.Core.Lab;

/// <summary>Settings of one <see cref="EmbeddedProxy"/>: a single front end on loopback and one backend, with the
/// health-check and retry knobs of the HAProxy configuration the lab would otherwise use.</summary>
public sealed class EmbeddedProxyOptions
{
    /// <summary>Loopback port of the front end; 0 takes a free port (read it from <see cref="EmbeddedProxy.Port"/>).</summary>
    public required int Port { get; init; }

    /// <summary>Name of the backend, reported in <see cref="LoadBalancing.LoadBalancerState.Backend"/>.</summary>
    public required string Backend { get; init; }

    /// <summary>The servers, in order; names are unique.</summary>
    public required IReadOnlyList<EmbeddedProxyServer> Servers { get; init; }

    /// <summary>Path each server is checked on (HAProxy <c>option httpchk GET /health</c>); 2xx and 3xx pass.</summary>
    public string HealthPath { get; init; } = "/health";

    /// <summary>Time between two checks of a server (HAProxy <c>inter</c>); also the timeout of one check.</summary>
    public TimeSpan HealthInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Passing checks in a row that bring a Down server Up (HAProxy <c>rise</c>).</summary>
    public int Rise { get; init; } = 2;

    /// <summary>Failing checks in a row that take an Up server Down (HAProxy <c>fall</c>).</summary>
    public int Fall { get; init; } = 2;

    /// <summary>TCP connect timeout to a server, for requests and checks (HAProxy <c>timeout connect</c>). Short, so a
    /// dead server costs a redispatch, not a stall.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many times a failed request is tried again on another server (HAProxy <c>retries</c> with
    /// <c>option redispatch</c>).</summary>
    public int Retries { get; init; } = 3;
}
