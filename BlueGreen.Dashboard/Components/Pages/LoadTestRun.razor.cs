using BlueGreen.Core;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Dashboard.Components.Controls;
using BlueGreen.Dashboard.Components.Controls.Charts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>
/// One load test, live: counters, progress with ETA, three charts (throughput, latency, loss) with the deployment
/// drawn as before / during / after bands and labelled markers, and at the end the phase table with TIPHON grades.
/// Samples go straight to the charts' JS; the page itself re-renders at most once a second.
/// </summary>
public sealed partial class LoadTestRun : ComponentBase, IAsyncDisposable
{
    private static readonly IReadOnlyList<ChartSeries> s_throughputSeries = [new("ok", "req/s"), new("received", "KB/s")];
    private static readonly IReadOnlyList<ChartSeries> s_latencySeries = [new("p50", "ms"), new("p90", "ms"), new("p99", "ms")];
    private static readonly IReadOnlyList<ChartSeries> s_lossSeries =
        [new("loss", "%"), new("timeout", "req/s", "errors"), new("refused", "req/s", "errors"), new("reset", "req/s", "errors"), new("5xx", "req/s", "errors")];

    private readonly CancellationTokenSource _cts = new();
    private Subscription<LoadTestChange>? _subscription;
    private LoadTestRecord? _record;
    private LoadTestState _state;
    private LoadTestProgress? _progress;
    private LoadTestDetails? _details;
    private List<LoadTestMarker> _markers = [];
    private readonly List<string> _warnings = [];
    private LiveChart? _throughput;
    private LiveChart? _latency;
    private LiveChart? _loss;
    private int _lastPushed = -1;
    private DateTimeOffset _lastRender;

    [Parameter]
    public required string Id { get; set; }

    [Inject]
    public required LoadTestService Service { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    protected override void OnInitialized()
    {
        // Subscribe before reading the snapshot: a sample published in between arrives on the stream, and
        // _lastPushed drops the ones already drawn.
        _subscription = Service.Subscribe(Id);
        _record = Service.Get(Id);
        if (_record is null)
        {
            return;
        }
        _state = _record.State;
        _warnings.AddRange(_record.Warnings);
        var snapshot = Service.Snapshot(Id);
        _progress = snapshot?.Progress ?? Service.Details(Id)?.Progress;
        _markers = [.. snapshot?.Markers ?? _record.Markers];
        if (_state != LoadTestState.Running)
        {
            _details = Service.Details(Id);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || _record is null)
        {
            return;
        }
        var samples = Service.Snapshot(Id)?.Samples ?? Service.Samples(Id);
        await PushAsync(samples.Where(s => s.Client is null).OrderBy(s => s.Second).ToList());
        await AnnotateAsync();
        _ = FollowAsync(_subscription!, _cts.Token);
    }

    private async Task FollowAsync(Subscription<LoadTestChange> subscription, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in subscription.Reader.ReadAllAsync(cancellationToken))
            {
                _progress = change.Progress;
                if (change.Sample is { Client: null } sample)
                {
                    await PushAsync([sample]);
                }
                if (change.Markers is { } markers)
                {
                    _markers = [.. markers];
                    await AnnotateAsync();
                }
                if (change.Warning is { } warning)
                {
                    _warnings.Add(warning);
                }
                var finished = change.State != LoadTestState.Running && _state == LoadTestState.Running;
                _state = change.State;
                if (finished)
                {
                    _details = Service.Details(Id);
                    _record = Service.Get(Id) ?? _record;
                }
                if (finished || DateTimeOffset.UtcNow - _lastRender > TimeSpan.FromSeconds(1))
                {
                    _lastRender = DateTimeOffset.UtcNow;
                    await InvokeAsync(StateHasChanged);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
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
            await _throughput.PushAsync(x, [s.ThroughputPerSecond, s.KilobytesPerSecond], _cts.Token);
            await _latency.PushAsync(x, [latency?.P50Ms ?? double.NaN, latency?.P90Ms ?? double.NaN, latency?.P99Ms ?? double.NaN], _cts.Token);
            await _loss.PushAsync(x, [loss, s.Failures.Timeout, s.Failures.ConnectionRefused, s.Failures.Reset, s.Failures.Http5xx], _cts.Token);
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
            await chart.AnnotateAsync(bands, lines, _cts.Token);
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
            }
            catch (LoadTestRejectedException ex)
            {
                _warnings.Add(ex.Message);
            }
        }
    }

    private static string Ms(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("0.0") : "–";

    public async ValueTask DisposeAsync()
    {
        await _cts.CancelAsync();
        _subscription?.Dispose();
        _cts.Dispose();
    }
}
