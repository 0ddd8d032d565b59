namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// One second of a load test, for one client or for all clients merged (<see cref="Client"/> null).
/// Requests are attributed to the second of their <b>intended</b> send time, and a second is published only when
/// every request intended in it has ended (or outlived its timeout), so <c>Intended = Ok + Failed + Unsent</c> and
/// <c>Sent = Ok + Failed</c> hold exactly in every sample; the merged sample is the exact sum of the clients' samples.
/// </summary>
public sealed record LoadSample
{
    /// <summary>Second index from the run's start (0 = first second, warm-up included).</summary>
    public required int Second { get; init; }

    /// <summary>Client index, or null for all clients merged.</summary>
    public int? Client { get; init; }

    /// <summary>Wall-clock start of the second (run start + <see cref="Second"/>).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Length covered: 1 s, less for a last partial second (a run's end, or an early stop).</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>True inside the warm-up: published for charts, left out of every statistic.</summary>
    public bool IsWarmUp { get; init; }

    /// <summary>Requests whose intended send time fell in this second.</summary>
    public required long Intended { get; init; }

    /// <summary>Of <see cref="Intended"/>, the ones actually sent.</summary>
    public required long Sent { get; init; }

    /// <summary>Of <see cref="Sent"/>, the ones answered with a status below 400.</summary>
    public required long Ok { get; init; }

    /// <summary>Of <see cref="Sent"/>, the failed ones by kind.</summary>
    public required FailureCounts Failures { get; init; }

    /// <summary>Of <see cref="Intended"/>, the ones not sent because the in-flight cap was reached.</summary>
    public required long Unsent { get; init; }

    /// <summary>Response bytes received (body plus reconstructed header size), for all sent requests.</summary>
    public required long BytesReceived { get; init; }

    /// <summary>Latency of ok requests, from the intended send time to the end of the response.</summary>
    public LatencyStats? Latency { get; init; }

    /// <summary>Service time of ok requests, from the actual send to the end of the response.</summary>
    public LatencyStats? ServiceTime { get; init; }

    /// <summary>The latency histogram of this second (merge these for exact percentiles over any window).</summary>
    public required EncodedHistogram LatencyHistogram { get; init; }

    /// <summary>The service time histogram of this second.</summary>
    public required EncodedHistogram ServiceTimeHistogram { get; init; }

    /// <summary>All failed requests.</summary>
    public long Failed => Failures.Total;

    /// <summary>Wall-clock end of the covered span.</summary>
    public DateTimeOffset End => Start + TimeSpan.FromSeconds(DurationSeconds);

    /// <summary>Ok requests per second.</summary>
    public double ThroughputPerSecond => Rates.PerSecond(Ok, DurationSeconds);

    /// <summary>Received kilobytes (1024 bytes) per second, as httperf and paper 000 report.</summary>
    public double KilobytesPerSecond => Rates.PerSecond(BytesReceived / 1024.0, DurationSeconds);

    /// <summary>Received kilobits (1000 bits) per second.</summary>
    public double KilobitsPerSecond => Rates.PerSecond(BytesReceived * 8 / 1000.0, DurationSeconds);
}
