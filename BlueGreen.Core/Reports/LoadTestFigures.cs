using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.Reports;

/// <summary>
/// A load test's three charts as the live page draws them, second by second over all clients: throughput (answered
/// and intended requests/s), latency (mean, p50, p99) and loss (failed and unsent requests/s), each with the
/// before / during / after bands of its deployment and its markers (deployment started, switch, ended).
/// </summary>
public static class LoadTestFigures
{
    public static IReadOnlyList<Figure> Build(LoadTestDetails details, IReadOnlyList<LoadSample> samples)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(samples);
        var merged = samples.Where(s => s.Client is null && !s.IsWarmUp).OrderBy(s => s.Second).ToList();
        var bands = Bands(details);
        var markers = details.Markers.Select(m => new FigureMarker(Math.Round(m.Second, 1), m.Label)).ToList();
        FigureSeries Series(string name, Func<LoadSample, double?> value) => new()
        {
            Name = name,
            Points = [.. merged.Select(s => new FigurePoint { X = s.Second, Y = value(s) is { } v && double.IsFinite(v) ? v : null })],
        };
        Figure Chart(string id, string title, string yTitle, string caption, IReadOnlyList<FigureSeries> series) => new()
        {
            Id = id,
            Title = title,
            Caption = caption,
            Kind = FigureKind.TimeSeries,
            XTitle = "Seconds since the start",
            YTitle = yTitle,
            Series = series,
            Bands = bands,
            Markers = markers,
        };
        return
        [
            Chart("throughput", "Throughput", "Requests/s", "Answered (ok) and intended requests per second, all clients together; shaded: before / during / after the deployment.",
                // Intended first, so the answered line is drawn over it where they coincide.
                [Series("intended/s", s => Rates.PerSecond(s.Intended, s.DurationSeconds)), Series("ok/s", s => s.ThroughputPerSecond)]),
            Chart("latency", "Latency", "Response time (ms)", "Mean, median and 99th percentile response time of each second's answered requests.",
                [Series("mean", s => s.Latency?.MeanMs), Series("p50", s => s.Latency?.P50Ms), Series("p99", s => s.Latency?.P99Ms)]),
            Chart("loss", "Loss", "Requests/s", "Failed (errors, timeouts, refused) and unsent (the client could not keep the rate) requests per second.",
                [Series("failed/s", s => Rates.PerSecond(s.Failed, s.DurationSeconds)), Series("unsent/s", s => Rates.PerSecond(s.Unsent, s.DurationSeconds))]),
        ];
    }

    /// <summary>The phases as x bands, in seconds since the test started; none when there was no deployment.</summary>
    private static IReadOnlyList<FigureBand> Bands(LoadTestDetails details)
    {
        if (details.Phases.Count(p => !p.IsEmpty) < 2)
        {
            return [];
        }
        double? Second(DateTimeOffset? at) => at is { } t ? Math.Round((t - details.StartedAt).TotalSeconds, 1) : null;
        return [.. details.Phases.Where(p => !p.IsEmpty && p.From is not null).Select(p => new FigureBand(
            FigureAxis.X, Second(p.From)!.Value, Second(p.To), p.Phase.ToString().ToLowerInvariant(), p.Phase.ToString().ToLowerInvariant()))];
    }
}
