using System.Text.Json;
using System.Text.Json.Serialization;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Bench;

/// <summary>One run of the generator, as bench/run.sh reads it.</summary>
internal sealed record BenchResult
{
    public required string Tool { get; init; }
    public required string Label { get; init; }
    public required string Mode { get; init; }
    public required string Url { get; init; }
    public double? RequestedRate { get; init; }
    public int? Connections { get; init; }
    public bool KeepAlive { get; init; }
    public int InFlightCap { get; init; }
    public int WarmUpSeconds { get; init; }
    public double MeasuredSeconds { get; init; }
    public long Intended { get; init; }
    public long Sent { get; init; }
    public long Ok { get; init; }
    public long Failed { get; init; }
    public long Unsent { get; init; }
    public required FailureCounts Failures { get; init; }
    public double OkPerSecond { get; init; }
    public double SentPerSecond { get; init; }
    /// <summary>From the intended send time (the generator's latency).</summary>
    public LatencyStats? Latency { get; init; }
    /// <summary>From the actual send time.</summary>
    public LatencyStats? ServiceTime { get; init; }
    /// <summary>Mean latency minus mean service time over the same ok requests = mean send lag, exactly.</summary>
    public double? MeanSendLagFromHistogramsMs { get; init; }
    public SendLag? SendLag { get; init; }
    public required CostResult Cost { get; init; }
    public required IReadOnlyList<SecondResult> Seconds { get; init; }
    public required RuntimeInfo Runtime { get; init; }
}

/// <summary>Actual send minus intended send over the measured window, from the harness's timestamps.</summary>
internal sealed record SendLag
{
    /// <summary>Measured requests whose lag was computed.</summary>
    public long Matched { get; init; }
    /// <summary>Measured seconds left out of the lag statistics because some of their requests were unsent.</summary>
    public int SecondsLeftOut { get; init; }
    public double MinMs { get; init; }
    public double MeanMs { get; init; }
    public double P50Ms { get; init; }
    public double P90Ms { get; init; }
    public double P99Ms { get; init; }
    public double P999Ms { get; init; }
    public double MaxMs { get; init; }
    /// <summary>Requests actually sent inside the measured wall-clock window.</summary>
    public long SentInWindow { get; init; }
    /// <summary>Requests actually sent per second over the measured window.</summary>
    public double AchievedRate { get; init; }
    public double AchievedRateErrorPercent { get; init; }
    /// <summary>The 1-s bucket (by actual send time) furthest from the requested rate, signed.</summary>
    public double WorstSecondErrorPercent { get; init; }
}

/// <summary>The bench process's own cost over the measured window (warm-up excluded).</summary>
internal sealed record CostResult
{
    public double WallSeconds { get; init; }
    public double CpuSeconds { get; init; }
    /// <summary>CPU seconds per wall second: 1.0 = one core busy.</summary>
    public double Cores { get; init; }
    public long AllocatedBytes { get; init; }
    public long RequestsInWindow { get; init; }
    public double BytesPerRequest { get; init; }
    public double CpuMicrosecondsPerRequest { get; init; }
    public int Gen0 { get; init; }
    public int Gen1 { get; init; }
    public int Gen2 { get; init; }
    public double GcPauseMs { get; init; }
}

/// <summary>One merged per-second sample (attributed by intended second), plus sends counted by actual second.</summary>
internal sealed record SecondResult(int Second, bool WarmUp, double DurationSeconds, long Intended, long Sent, long Ok, long Failed,
    long Unsent, double? LatencyP99Ms, double? ServiceTimeP99Ms, long? SentByActualTime);

internal sealed record RuntimeInfo(string DotNet, bool ServerGc, int ProcessorCount)
{
    public static RuntimeInfo Current => new(Environment.Version.ToString(), System.Runtime.GCSettings.IsServerGC, Environment.ProcessorCount);
}

internal static class BenchJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A one-line human summary for the console.</summary>
    public static string OneLine(BenchResult r)
    {
        var what = r.RequestedRate is { } rate ? $"rate {rate:0}/s" : $"{r.Connections} connections";
        var line = FormattableString.Invariant(
            $"{r.Tool} {r.Mode} {what}: ok {r.Ok} failed {r.Failed} unsent {r.Unsent} in {r.MeasuredSeconds:0.0} s = {r.OkPerSecond:0} ok/s");
        if (r.Latency is { } l && r.ServiceTime is { } s)
        {
            line += FormattableString.Invariant($"; latency p50 {l.P50Ms:0.000} p99 {l.P99Ms:0.000} max {l.MaxMs:0.0} ms; service p99 {s.P99Ms:0.000} ms");
        }
        if (r.SendLag is { } lag)
        {
            line += FormattableString.Invariant($"; achieved {lag.AchievedRate:0.0}/s ({lag.AchievedRateErrorPercent:+0.00;-0.00} %), worst second {lag.WorstSecondErrorPercent:+0.00;-0.00} %, send lag p50 {lag.P50Ms:0.000} p99 {lag.P99Ms:0.000} max {lag.MaxMs:0.0} ms");
        }
        var c = r.Cost;
        return line + FormattableString.Invariant($"; cost {c.Cores:0.00} cores, {c.CpuMicrosecondsPerRequest:0.0} us CPU and {c.BytesPerRequest:0} B per request, gen0/1/2 {c.Gen0}/{c.Gen1}/{c.Gen2}");
    }
}
