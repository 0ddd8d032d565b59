using System.Globalization;
using CsvHelper;

namespace BlueGreen.Core.Experiments;

/// <summary>
/// An experiment's runs as CSV, one row per run (all clients together), like paper 002's appendix tables: RFC 4180,
/// CRLF, invariant culture. A value a run did not measure is an empty cell, never 0 or NaN.
/// </summary>
public static class ExperimentRunsCsv
{
    public static readonly IReadOnlyList<string> Columns =
    [
        "run", "level", "scenario", "repetition", "state", "started_utc", "ended_utc", "seconds",
        "intended", "sent", "ok", "failed", "unsent", "error_rate_pct", "loss_pct",
        "latency_mean_ms", "latency_p50_ms", "latency_p99_ms", "latency_max_ms", "throughput_per_s",
        "deployment_id", "deployment_state", "rolled_back", "time_to_detect_s", "time_to_rollback_s", "switch_lost",
        "load_test_id", "baseline_actions", "error",
    ];

    public static void Write(TextWriter writer, ExperimentRecord experiment)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(experiment);
        using var csv = CsvWriter.Create(writer, new CsvWriterOptions { FormatProvider = CultureInfo.InvariantCulture, NewLine = "\r\n", Injection = CsvInjection.Escape }, leaveOpen: true);
        csv.WriteHeader([.. Columns]);
        foreach (var run in experiment.Runs)
        {
            var m = run.Measured;
            var d = run.Deployment;
            csv.WriteField(run.Index + 1);
            csv.WriteField(run.Level);
            csv.WriteField(run.Scenario);
            csv.WriteField(run.Repetition);
            csv.WriteField(run.State.ToString());
            csv.WriteField(Time(run.StartedAt));
            csv.WriteField(Time(run.EndedAt));
            csv.WriteField(m?.Seconds);
            csv.WriteField(m?.Intended);
            csv.WriteField(m?.Sent);
            csv.WriteField(m?.Ok);
            csv.WriteField(m?.Failed);
            csv.WriteField(m?.Unsent);
            csv.WriteField(Round(m?.ErrorRatePercent, 5));
            csv.WriteField(Round(m?.LossPercent, 5));
            csv.WriteField(Round(m?.MeanMs, 3));
            csv.WriteField(Round(m?.P50Ms, 3));
            csv.WriteField(Round(m?.P99Ms, 3));
            csv.WriteField(Round(m?.MaxMs, 3));
            csv.WriteField(Round(m?.ThroughputPerSecond, 3));
            csv.WriteField(d?.DeploymentId);
            csv.WriteField(d?.State.ToString());
            csv.WriteField(d is null ? null : d.RolledBack ? "true" : "false");
            csv.WriteField(d?.TimeToDetect?.TotalSeconds);
            csv.WriteField(d?.TimeToRollback?.TotalSeconds);
            csv.WriteField(d?.SwitchLost);
            csv.WriteField(run.LoadTestId);
            csv.WriteField(string.Join("; ", run.BaselineActions));
            csv.WriteField(run.Error);
            csv.EndRecord();
        }
    }

    public static string Format(ExperimentRecord experiment)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(writer, experiment);
        return writer.ToString();
    }

    // Shortest decimals that say what was measured (a histogram's milliseconds carry no more), not the double's last bits.
    private static double? Round(double? value, int decimals) => value is { } v ? Math.Round(v, decimals) : null;

    private static string? Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
