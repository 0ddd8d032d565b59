using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.LoadTesting.Storage;
using HdrHistogram;

namespace BlueGreen.Tests.LoadTesting;

/// <summary>Hand-made samples for splitter tests: exact counts and latencies.</summary>
internal static class TestSamples
{
    public static readonly DateTimeOffset RunStart = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A merged sample for <paramref name="second"/> whose ok requests all took <paramref name="latencyMs"/>.</summary>
    public static LoadSample Second(int second, long ok, double latencyMs, long http5xx = 0, long unsent = 0, int? client = null, bool warmUp = false)
    {
        var histogram = new LongHistogram(1, 3_600_000_000, 3);
        histogram.RecordValueWithCount((long)(latencyMs * 1000), ok);
        var encoded = ok > 0 ? EncodedHistogram.Encode(histogram) : EncodedHistogram.Empty;
        return new LoadSample
        {
            Second = second,
            Client = client,
            Start = RunStart + TimeSpan.FromSeconds(second),
            DurationSeconds = 1,
            IsWarmUp = warmUp,
            Intended = ok + http5xx + unsent,
            Sent = ok + http5xx,
            Ok = ok,
            Failures = new FailureCounts { Http5xx = http5xx },
            Unsent = unsent,
            BytesReceived = ok * 1024,
            Latency = encoded.ToStats(),
            ServiceTime = encoded.ToStats(),
            LatencyHistogram = encoded,
            ServiceTimeHistogram = encoded,
        };
    }

    /// <summary>Ten seconds of 100 ok requests at 10 ms each.</summary>
    public static List<LoadSample> TenQuietSeconds() => Enumerable.Range(0, 10).Select(s => Second(s, 100, 10)).ToList();

    /// <summary>The result a test of these merged <paramref name="samples"/> stores, split into phases by <paramref name="events"/>.</summary>
    public static LoadTestResult Result(IReadOnlyList<LoadSample> samples, params RunEvent[] events) => new()
    {
        Seconds = samples.Count,
        Total = LoadTotalsDocument.From(LoadTotals.Sum(samples)),
        Phases = [.. new PhaseSplitter().Split(samples, events).All.Select(PhaseSummaryDocument.Create)],
    };

    public static RunEvent Started(double secondsFromRunStart) =>
        new(RunStart + TimeSpan.FromSeconds(secondsFromRunStart), RunEventKind.DeploymentStarted, "deploy");

    public static RunEvent Ended(double secondsFromRunStart) =>
        new(RunStart + TimeSpan.FromSeconds(secondsFromRunStart), RunEventKind.DeploymentEnded, "deployed");
}
