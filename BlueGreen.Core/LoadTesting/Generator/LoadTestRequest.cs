namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// One load test: what to hit, how hard, for how long. Check it with <see cref="Validate"/>;
/// <see cref="LoadGenerator.Start"/> refuses a request with problems.
/// </summary>
/// <remarks>
/// Timeline: the schedule starts at second 0. <see cref="RampUp"/> raises the rate linearly from 0 over its length,
/// starting at second 0. The first <see cref="WarmUp"/> seconds are sent like any others but published as warm-up
/// samples and left out of every statistic; <see cref="Duration"/> or <see cref="RequestsPerClient"/> counts only
/// what comes after the warm-up. So "5000 requests per run" (paper 000) stays 5000 measured requests with a warm-up.
/// </remarks>
public sealed partial class LoadTestRequest
{
    /// <summary>Absolute http(s) URI every request goes to (normally the load balancer's front end).</summary>
    public required Uri Target { get; init; }

    /// <summary>Open (fixed arrival rate, the default) or closed loop (as fast as the connections allow).</summary>
    public LoadModel Model { get; init; } = LoadModel.Open;

    /// <summary>Open model: requests per second per client (paper 000: 100..450 per client). Leave 0 in closed loop.</summary>
    public double RatePerClient { get; init; }

    /// <summary>Closed loop: concurrent request loops (and connections) per client. Leave 0 in the open model.</summary>
    public int ConnectionsPerClient { get; init; }

    /// <summary>Independent clients, each with its own connection pool and counters (paper 000 used 2 machines).</summary>
    public int Clients { get; init; } = 1;

    /// <summary>Measured length of the run (after the warm-up). Set this or <see cref="RequestsPerClient"/>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Measured requests per client (after the warm-up), like httperf <c>--num-conns</c>. Set this or <see cref="Duration"/>.</summary>
    public long? RequestsPerClient { get; init; }

    /// <summary>Linear ramp of the rate from 0 to <see cref="RatePerClient"/> (closed loop: connections are started evenly over it).</summary>
    public TimeSpan RampUp { get; init; } = TimeSpan.Zero;

    /// <summary>Leading whole seconds sent but excluded from statistics (connection set-up, JIT, server caches).</summary>
    public TimeSpan WarmUp { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Open model: most requests in flight per client; a due request beyond it is counted unsent. Also the client's
    /// connection limit. Default 1000: httperf's practical limit is its open-file limit of about 1024.
    /// </summary>
    public int InFlightCapPerClient { get; init; } = 1000;

    /// <summary>
    /// Per request, from the actual send to the end of the response body. Default 5 s: httperf has none, but without
    /// one a stalled server would hold requests in flight forever instead of showing as failures.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>HTTP method (default GET).</summary>
    public HttpMethod Method { get; init; } = HttpMethod.Get;

    /// <summary>Extra request headers; content headers (Content-Type, ...) need a <see cref="Body"/>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Request body; empty for none.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>
    /// True (default): connections are reused. False: a new connection per request (<c>Connection: close</c>),
    /// httperf's default; mind the client's ephemeral ports (TIME_WAIT) on long runs at high rates.
    /// </summary>
    public bool KeepAlive { get; init; } = true;
}
