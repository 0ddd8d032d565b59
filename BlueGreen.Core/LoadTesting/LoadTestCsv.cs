using System.Globalization;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;
using CsvHelper;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// A load test's seconds as CSV (RFC 4180, CRLF, invariant culture: '.' decimals, no thousands separators), one row
/// per sample given: the merged ones (<c>client</c> = <c>all</c>), optionally the clients' too. Latency columns are
/// empty for a second without an ok response (never NaN). <c>phase</c> is <c>warmup</c>, <c>before</c>,
/// <c>during</c> or <c>after</c>, from the deployment window of the given events.
/// </summary>
public static class LoadTestCsv
{
    /// <summary>The header row (without line break).</summary>
    public const string Header =
        "second,client,start,duration_s,phase,intended,sent,ok,failed,failed_refused,failed_reset,failed_timeout," +
        "failed_5xx,failed_4xx,failed_other,failed_aborted,unsent,bytes,req_per_s,ok_per_s,kb_per_s,kbit_per_s," +
        "latency_mean_ms,latency_p50_ms,latency_p90_ms,latency_p99_ms,latency_max_ms";

    /// <summary>The CSV as text.</summary>
    public static string Format(IEnumerable<LoadSample> samples, IEnumerable<RunEvent> events)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, samples, events);
        return writer.ToString();
    }

    /// <summary>Writes the header and one row per sample, in the order given (CsvHelper: quoting and escaping by RFC 4180).</summary>
    public static void Write(TextWriter writer, IEnumerable<LoadSample> samples, IEnumerable<RunEvent> events)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(samples);
        var (started, ended) = PhaseSplitter.DeploymentWindow(events);
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, NewLine = "\r\n", Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader(Header.Split(','));
        foreach (var s in samples)
        {
            var phase = s.IsWarmUp ? "warmup" : PhaseSplitter.PhaseOf(s, started, ended).ToString().ToLowerInvariant();
            var f = s.Failures;
            csv.WriteField(s.Second);
            csv.WriteField(s.Client is { } client ? client.ToString(CultureInfo.InvariantCulture) : "all");
            csv.WriteField(s.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            csv.WriteField(Number(s.DurationSeconds));
            csv.WriteField(phase);
            foreach (var count in new[] { s.Intended, s.Sent, s.Ok, s.Failed, f.ConnectionRefused, f.Reset, f.Timeout, f.Http5xx, f.Http4xx, f.Other, f.Aborted, s.Unsent, s.BytesReceived })
            {
                csv.WriteField(count);
            }
            foreach (var value in new double?[]
            {
                Rates.PerSecond(s.Sent, s.DurationSeconds), s.ThroughputPerSecond, s.KilobytesPerSecond, s.KilobitsPerSecond,
                s.Latency?.MeanMs, s.Latency?.P50Ms, s.Latency?.P90Ms, s.Latency?.P99Ms, s.Latency?.MaxMs,
            })
            {
                csv.WriteField(Number(value));
            }
            csv.EndRecord();
        }
    }

    private static string Number(double? value)
        => value is { } v && double.IsFinite(v) ? v.ToString("0.###", CultureInfo.InvariantCulture) : "";
}
