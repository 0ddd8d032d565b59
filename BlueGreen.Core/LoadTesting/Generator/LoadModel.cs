namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>How a load test generates its requests.</summary>
public enum LoadModel
{
    /// <summary>
    /// Open model (httperf <c>--rate</c>, wrk2 <c>-R</c>): each client sends at a fixed arrival rate whatever the
    /// server does. Every request has an intended send time and latency is measured from it, so a stalled server
    /// shows up in the tail; a request that finds the in-flight cap full is counted unsent, never delayed.
    /// </summary>
    Open,

    /// <summary>
    /// Closed loop ("unlimited"): <see cref="LoadTestRequest.ConnectionsPerClient"/> loops per client, each sending
    /// its next request as soon as the previous one completed. For raw-throughput benchmarks only: the intended time
    /// is the actual send time, so nothing is ever unsent and latency equals service time.
    /// </summary>
    ClosedLoop,
}
