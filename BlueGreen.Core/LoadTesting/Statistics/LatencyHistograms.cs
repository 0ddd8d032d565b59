using System.Diagnostics;
using HdrHistogram;

namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>
/// The one histogram shape used for latencies and service times: microseconds, 1 us .. 1 h, 3 significant digits
/// (0.1 % value precision). Keeping one shape means every encoded histogram can be added to every other (per second,
/// per phase, per run, later across runs and agents). Values above 1 h are clamped.
/// </summary>
/// <remarks>
/// Per-second histograms are <see cref="LongConcurrentHistogram"/>s keyed by the <b>intended</b> second (see
/// the generator's per-second buckets), not a <see cref="Recorder"/>: a Recorder's interval is the wall-clock time of
/// recording, i.e. of completion, which would put a slow request's latency in a later second than its count and
/// break the per-second invariant. The concurrent histogram is what a Recorder records into anyway.
/// </remarks>
internal static class LatencyHistograms
{
    public const long LowestMicroseconds = 1;
    public const long HighestMicroseconds = 3_600_000_000;
    public const int SignificantDigits = 3;

    private static readonly double s_microsecondsPerTick = 1_000_000.0 / Stopwatch.Frequency;

    public static LongHistogram Create() => new(LowestMicroseconds, HighestMicroseconds, SignificantDigits);

    public static LongConcurrentHistogram CreateConcurrent() => new(LowestMicroseconds, HighestMicroseconds, SignificantDigits);

    /// <summary>Converts a Stopwatch tick span to whole microseconds, clamped to the trackable range.</summary>
    public static long ToMicroseconds(long stopwatchTicks) =>
        Math.Clamp((long)(stopwatchTicks * s_microsecondsPerTick), 0, HighestMicroseconds);
}
