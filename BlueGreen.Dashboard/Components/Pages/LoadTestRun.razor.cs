using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Streams;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Dashboard.Components.Controls;
using BlueGreen.Dashboard.Components.Controls.Charts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>
/// One load test, live: counters, progress with ETA, three charts (throughput, latency, loss) with the deployment
/// drawn as before / during / after bands and labelled markers, and at the end the phase table with TIPHON grades.
/// Samples go straight to the charts' JS, in the stream's batches (a few a second); the page re-renders per batch for the counters only, the charts not at all.
/// </summary>
public sealed partial class LoadTestRun : LivePage
{
    private static readonly IReadOnlyList<ChartSeries> s_throughputSeries = [new("ok", "req/s"), new("received", "KB/s")];
    private static readonly IReadOnlyList<ChartSeries> s_latencySeries = [new("p50", "ms"), new("p90", "ms"), new("p99", "ms")];
    private static readonly IReadOnlyList<ChartSeries> s_lossSeries =
        [new("loss", "%"), new("timeout", "req/s", "errors"), new("refused", "req/s", "errors"), new("reset", "req/s", "errors"), new("5xx", "req/s", "errors")];

    private LoadTestRecord? _record;
    private LoadTestState _state;
    private LoadTestProgress? _progress;
    private LoadTestDetails? _details;
    private List<LoadTestMarker> _markers = [];
    private readonly List<string> _warnings = [];
    private IReadOnlyList<LoadSample> _opening = [];
    private Subscription<LoadTestChange>? _subscription;
    private LiveChart? _throughput;
    private LiveChart? _latency;
    private LiveChart? _loss;
    private int _lastPushed = -1;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required LoadTestService Service { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override void OnInitialized()
    {
        // Subscribe before reading the snapshot: a sample published in between arrives on the stream, and
        // _lastPushed drops the ones already drawn.
        _subscription = Service.Subscribe(Id);
        var snapshot = Service.Snapshot(Id);
        if (snapshot is null)
        {
            _subscription.Dispose();
            return;
        }
        ApplySnapshot(snapshot);
    }

    private void ApplySnapshot(LoadTestSnapshot snapshot)
    {
        _record = snapshot.Record;
        _state = _record.State;
        _progress = snapshot.Progress;
        _markers = [.. snapshot.Markers];
        _warnings.Clear();
        _warnings.AddRange(_record.Warnings);
        _opening = [.. snapshot.Samples.Where(s => s.Client is null).OrderBy(s => s.Second)];
        // The phase table shows percentiles: only an ended test's phases are decoded, once.
        _details = _state != LoadTestState.Running ? LoadTestDetails.From(_record, snapshot.Progress) : null;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _record is null || _subscription is null)
        {
            return;
        }
        await PushAsync(_opening);
        _opening = [];
        await AnnotateAsync();
        Follow(_subscription, ApplyAsync);
    }

    private async Task<bool> ApplyAsync(StreamBatch<LoadTestChange> batch)
    {
        if (batch.Missed && Service.Snapshot(Id) is { } snapshot)
        {
            ApplySnapshot(snapshot);
            await PushAsync(_opening);
            _opening = [];
            await AnnotateAsync();
            return true;
        }
        var wasRunning = _state == LoadTestState.Running;
        var annotate = false;
        foreach (var change in batch.Items)
        {
            _progress = change.Progress;
            _state = change.State;
            if (change.Markers is { } markers)
            {
                _markers = [.. markers];
                annotate = true;
            }
            if (change.Warning is { } warning)
            {
                _warnings.Add(warning);
            }
        }
        await PushAsync([.. batch.Items.Select(c => c.Sample).OfType<LoadSample>().Where(s => s.Client is null)]);
        if (annotate)
        {
            await AnnotateAsync();
        }
        if (wasRunning && _state != LoadTestState.Running && Service.Get(Id) is { } ended)
        {
            // Ended: the stored result (phases with their percentiles) is read once.
            _record = ended;
            _details = LoadTestDetails.From(ended, _progress!);
        }
        return true;
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

    private async Task StopAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Stop load test", "Stop this load test now? What was measured so far is kept.", yesText: "Stop", cancelText: "Cancel");
        if (confirmed == true)
        {
            try
            {
                Service.Stop(Id, "operator");
                Snackbar.Add("Stopping: requests in flight get a second, then the summary is stored.", Severity.Success);
            }
            catch (LoadTestRejectedException ex)
            {
                _warnings.Add(ex.Message);
                Snackbar.Add($"Stop refused: {ex.Message}", Severity.Error);
            }
        }
    }

    /// <summary>The test's stored seconds as CSV: what every chart's CSV button downloads.</summary>
    private string CsvHref => $"api/loadtests/{Uri.EscapeDataString(Id)}/samples.csv";

    private static string Ms(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.0") : "–";

    public override async ValueTask DisposeAsync()
    {
        // Followed only after the first render: a page closed before it must still unsubscribe.
        _subscription?.Dispose();
        await base.DisposeAsync();
    }
}
