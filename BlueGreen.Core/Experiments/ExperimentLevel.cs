namespace BlueGreen.Core.Experiments;

/// <summary>One load level of an experiment: how hard and how long each of its runs drives the service.</summary>
public sealed record ExperimentLevel
{
    /// <summary>Shown in the report, e.g. "Low" or "300/s".</summary>
    public string Name { get; init; } = "";

    /// <summary>Requests per second per client.</summary>
    public double RatePerClient { get; init; }

    /// <summary>Independent clients (paper 000: 2).</summary>
    public int Clients { get; init; } = 1;

    /// <summary>Measured length of each run, in seconds. Set this or <see cref="RequestsPerClient"/>.</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Measured requests per client of each run (paper 000: 5000). Set this or <see cref="DurationSeconds"/>.</summary>
    public long? RequestsPerClient { get; init; }

    /// <summary>Linear ramp of the rate from 0 (paper 002: 30 s).</summary>
    public double RampUpSeconds { get; init; }

    /// <summary>Most requests in flight per client (paper 002's thread counts); null for the generator's default.</summary>
    public int? InFlightCapPerClient { get; init; }

    /// <summary>Per request.</summary>
    public double TimeoutSeconds { get; init; } = 5;

    /// <summary>False: a new connection per request, as httperf did in paper 000.</summary>
    public bool KeepAlive { get; init; } = true;
}
