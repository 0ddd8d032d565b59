using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Streams;
using BlueGreen.Dashboard.Components.Controls.Charts;
using Microsoft.AspNetCore.Components;

namespace BlueGreen.Dashboard.Components.Controls;

/// <summary>
/// Follows one load test and draws it on three <see cref="LiveChart"/>s: throughput, latency percentiles, and loss
/// with the error classes. The stored seconds are drawn once when it opens, then each new merged second as the
/// test's stream brings it; the deployment's markers become bands and lines (<see cref="LoadTestTimeline"/>). Data
/// goes straight to the charts' JS: this component renders once and never again for a data tick.
/// </summary>
/// <remarks><see cref="LoadTestId"/> is read once; to follow another test, render a new one (<c>@key</c> the id).</remarks>
public sealed partial class LoadTestCharts : LivePage
{
    private static readonly IReadOnlyList<ChartSeries> s_throughputSeries = [new("ok", "req/s"), new("received", "KB/s")];
    private static readonly IReadOnlyList<ChartSeries> s_latencySeries = [new("p50", "ms"), new("p90", "ms"), new("p99", "ms")];
    private static readonly IReadOnlyList<ChartSeries> s_lossSeries =
        [new("loss", "%"), new("timeout", "req/s", "errors"), new("refused", "req/s", "errors"), new("reset", "req/s", "errors"), new("5xx", "req/s", "errors")];

    private Subscription<LoadTestChange>? _subscription;
    private IReadOnlyList<LoadSample> _opening = [];
    private IReadOnlyList<LoadTestMarker> _markers = [];
    private bool _missing;
    private LiveChart? _throughput;
    private LiveChart? _latency;
    private LiveChart? _loss;
    private int _lastPushed = -1;

    /// <summary>The load test to draw.</summary>
    [Parameter, EditorRequired]
    public string LoadTestId { get; set; } = "";

    /// <summary>Height of each chart's plot in CSS pixels.</summary>
    [Parameter]
    public int Height { get; set; } = 280;

    [Inject]
    public required LoadTestService Service { get; init; }

    protected override void OnInitialized()
    {
        // Subscribe before reading the snapshot: a second published in between arrives on the stream, and
        // _lastPushed drops the ones already drawn.
        _subscription = Service.Subscribe(LoadTestId);
        if (Service.Snapshot(LoadTestId) is not { } snapshot)
        {
            _subscription.Dispose();
            _subscription = null;
            _missing = true;
            return;
        }
        Take(snapshot);
    }

    private void Take(LoadTestSnapshot snapshot)
    {
        _opening = [.. snapshot.Samples.Where(s => s.Client is null).OrderBy(s => s.Second)];
        _markers = snapshot.Markers;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _subscription is null)
        {
            return;
        }
        await DrawOpeningAsync();
        Follow(_subscription, ApplyAsync);
    }

    private async Task DrawOpeningAsync()
    {
        await PushAsync(_opening);
        _opening = [];
        await AnnotateAsync();
    }

    // Never re-renders: everything here goes to the charts' JS.
    private async Task<bool> ApplyAsync(StreamBatch<LoadTestChange> batch)
    {
        if (batch.Missed && Service.Snapshot(LoadTestId) is { } snapshot)
        {
            Take(snapshot);
            await DrawOpeningAsync();
            return false;
        }
        var markers = batch.Items.Select(c => c.Markers).LastOrDefault(m => m is not null);
        await PushAsync([.. batch.Items.Select(c => c.Sample).OfType<LoadSample>().Where(s => s.Client is null)]);
        if (markers is not null)
        {
            _markers = markers;
            await AnnotateAsync();
        }
        return false;
    }

    private async Task PushAsync(IReadOnlyList<LoadSample> samples)
    {
        var fresh = samples.Where(s => s.Second > _lastPushed && !s.IsWarmUp).ToList();
        if (fresh.Count == 0 || _throughput is null || _latency is null || _loss is null)
        {
            return;
        }
        _lastPushed = fresh[^1].Second;
        foreach (var s in fresh)
        {
            double x = s.Second;
            var latency = s.Latency;
            var loss = s.Intended == 0 ? 0 : 100.0 * (s.Failed + s.Unsent) / s.Intended;
            await _throughput.PushAsync(x, [s.ThroughputPerSecond, s.KilobytesPerSecond], PageClosed);
            await _latency.PushAsync(x, [latency?.P50Ms ?? double.NaN, latency?.P90Ms ?? double.NaN, latency?.P99Ms ?? double.NaN], PageClosed);
            await _loss.PushAsync(x, [loss, s.Failures.Timeout, s.Failures.ConnectionRefused, s.Failures.Reset, s.Failures.Http5xx], PageClosed);
        }
    }

    /// <summary>Before / during / after bands and the switch / rollback lines (see <see cref="LoadTestTimeline"/>).</summary>
    private async Task AnnotateAsync()
    {
        if (_throughput is null || _latency is null || _loss is null)
        {
            return;
        }
        var bands = LoadTestTimeline.Bands(_markers);
        var lines = LoadTestTimeline.Lines(_markers);
        foreach (var chart in new[] { _throughput, _latency, _loss })
        {
            await chart.AnnotateAsync(bands, lines, PageClosed);
        }
    }

    /// <summary>
    /// What an exported chart says under it: the environment, the test, its date, rate and target; then the phases with
    /// their seconds (so a PNG attached to a ticket explains itself).
    /// </summary>
    private IReadOnlyList<string> Caption() => CaptionOf(Service.Get(LoadTestId), LoadTestTimeline.Bands(_markers));

    public static IReadOnlyList<string> CaptionOf(LoadTestRecord? record, IReadOnlyList<ChartBand> bands)
    {
        var lines = new List<string>();
        if (record is not null)
        {
            var spec = record.Settings;
            lines.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{record.Environment} · {record.Id} · {record.StartedAt.ToLocalTime():yyyy-MM-dd HH:mm} · {spec.Clients} × {spec.RatePerClient:0.#}/s → {record.Url}"));
        }
        if (bands.Count > 0)
        {
            lines.Add("phases: " + string.Join(" · ", bands.Select(b => b.To is { } to
                ? FormattableString.Invariant($"{b.Label} {b.From:0.#}–{to:0.#} s")
                : FormattableString.Invariant($"{b.Label} from {b.From:0.#} s"))));
        }
        return lines;
    }

    /// <summary>The test's stored seconds as CSV: what every chart's CSV button downloads.</summary>
    private string CsvHref => $"api/loadtests/{Uri.EscapeDataString(LoadTestId)}/samples.csv";

    public override async ValueTask DisposeAsync()
    {
        // Followed only after the first render: a component removed before it must still unsubscribe.
        _subscription?.Dispose();
        await base.DisposeAsync();
    }
}
