using BlueGreen.Dashboard.Components.Controls.Charts;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace BlueGreen.Dashboard.Components.Controls;

/// <summary>
/// A live line chart with a fixed time window: C# computes, ApexCharts (through <c>wwwroot/js/charts.js</c>) draws.
/// The page pushes only new points (<see cref="PushAsync(IReadOnlyList{IReadOnlyList{ChartPoint}}, CancellationToken)"/>)
/// on its own tick; they go straight to the browser, which redraws at most a few times a second. Pushing does not
/// re-render the component, and the component keeps no copy of the points (only those pushed before the chart exists
/// in the browser, until it does). It offers PNG and SVG downloads drawn by the browser, and a CSV download from
/// <see cref="CsvHref"/>: the data's own store, not the chart.
/// </summary>
/// <remarks>
/// The parameters are read once, when the chart is created; later changes are ignored. The public methods may be
/// called from any thread (they marshal onto the renderer) and before the chart exists in the browser: points and
/// annotations are then sent once it does.
/// </remarks>
public sealed partial class LiveChart : ComponentBase, IAsyncDisposable
{
    /// <summary>The largest PNG or SVG export read back from the browser.</summary>
    public const long MaxExportBytes = ChartExport.MaxBytes;

    /// <summary>Points kept per series, also for a whole-run chart (a day of one point per second is 86,400).</summary>
    public const int MaxPointsPerSeries = 100_000;

    private const string ModulePath = "./js/charts.js";

    private ElementReference _plot;
    private ChartConfig? _config;
    // Points pushed before the chart exists in the browser; sent (and dropped) once it does. Renderer thread only.
    private List<ChartPoint>[] _pending = [];
    private IReadOnlyList<ChartBand> _bands = [];
    private IReadOnlyList<ChartMarker> _markers = [];
    private IJSObjectReference? _module;
    private int? _chartId;
    private Task? _initialization;
    private bool _ready;
    private bool _exporting;
    private bool _disposed;
    private bool _renderRequested;
    private string? _error;
    private int _height;

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required ILogger<LiveChart> Logger { get; init; }

    /// <summary>Drawn at the top left of the chart, so PNG and SVG exports carry it; also the default file name.</summary>
    [Parameter]
    public string? Title { get; set; }

    /// <summary>The lines, in the order <see cref="PushAsync(IReadOnlyList{IReadOnlyList{ChartPoint}}, CancellationToken)"/> takes them.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<ChartSeries> Series { get; set; } = [];

    /// <summary>How far back from the newest point the chart reaches (e.g. 120 s); null (or not positive) shows the whole run.</summary>
    [Parameter]
    public TimeSpan? Window { get; set; }

    /// <summary>Height of the plot in CSS pixels.</summary>
    [Parameter]
    public int Height { get; set; } = 300;

    /// <summary>What the x values are: seconds (default) or Unix epoch milliseconds.</summary>
    [Parameter]
    public ChartTimeAxis TimeAxis { get; set; } = ChartTimeAxis.Seconds;

    /// <summary>The least time between two redraws in the browser (default 250 ms: at most four a second).</summary>
    [Parameter]
    public TimeSpan RedrawInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Base name of downloaded files (a timestamp and the extension are added); defaults to the title.</summary>
    [Parameter]
    public string? FileName { get; set; }

    /// <summary>Where the CSV download of this chart's data is (e.g. a load test's <c>samples.csv</c>); none when null.</summary>
    [Parameter]
    public string? CsvHref { get; set; }

    /// <summary>Lines written under the chart in its PNG and SVG exports (what run, when, at what rate, the phases),
    /// so an exported chart explains itself; asked for at each export, so they are as current as the chart.</summary>
    [Parameter]
    public Func<IReadOnlyList<string>>? Caption { get; set; }

    /// <summary>Extra CSS classes on the chart's outer element.</summary>
    [Parameter]
    public string? Class { get; set; }

    private string CssClass => string.IsNullOrWhiteSpace(Class) ? "live-chart" : $"live-chart {Class}";

    /// <summary>
    /// Appends new points: <paramref name="pointsPerSeries"/>[i] holds the points of <see cref="Series"/>[i] (fewer
    /// lists than series, or empty ones, are fine). Points with a NaN or infinite coordinate are dropped. Does not
    /// re-render the component; the browser redraws on its own timer.
    /// </summary>
    public Task PushAsync(IReadOnlyList<IReadOnlyList<ChartPoint>> pointsPerSeries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pointsPerSeries);
        return InvokeAsync(() => PushCoreAsync(pointsPerSeries, cancellationToken));
    }

    /// <summary>
    /// Appends one point per series at the same <paramref name="x"/>: <paramref name="values"/>[i] belongs to
    /// <see cref="Series"/>[i] (a NaN value, e.g. a latency with no request, is simply not drawn).
    /// </summary>
    public Task PushAsync(double x, IReadOnlyList<double> values, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var points = new IReadOnlyList<ChartPoint>[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            points[i] = [new ChartPoint(x, values[i])];
        }
        return PushAsync(points, cancellationToken);
    }

    /// <summary>
    /// Replaces the phase bands and the vertical markers. They stay through later pushes; a band with no end
    /// (<see cref="ChartBand.To"/> null) grows with the newest point. Entries with non-finite positions are dropped.
    /// </summary>
    public Task AnnotateAsync(IReadOnlyList<ChartBand> bands, IReadOnlyList<ChartMarker> markers, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bands);
        ArgumentNullException.ThrowIfNull(markers);
        return InvokeAsync(async () =>
        {
            _bands = bands.Where(b => double.IsFinite(b.From) && (b.To is null || double.IsFinite(b.To.Value))).ToList();
            _markers = markers.Where(m => double.IsFinite(m.X)).ToList();
            if (_chartId is { } id && _module is not null)
            {
                await SendAsync(_module, "annotate", cancellationToken, id, _bands, _markers);
            }
        });
    }

    /// <summary>The chart as a PNG image (twice its on-screen size), with the latest points drawn.</summary>
    /// <exception cref="InvalidOperationException">The chart is not in the browser yet (or any more).</exception>
    public Task<byte[]> ExportPngAsync(CancellationToken cancellationToken = default)
        => OnRendererAsync(() => ExportAsync("exportPng", cancellationToken));

    /// <summary>The chart as a standalone SVG document (UTF-8), with the latest points drawn.</summary>
    /// <exception cref="InvalidOperationException">The chart is not in the browser yet (or any more).</exception>
    public Task<byte[]> ExportSvgAsync(CancellationToken cancellationToken = default)
        => OnRendererAsync(() => ExportAsync("exportSvg", cancellationToken));

    protected override void OnParametersSet()
    {
        // Read once: the browser-side chart is created from these and never re-configured.
        if (_config is not null)
        {
            return;
        }
        var series = Series.ToList();
        _height = Math.Max(Height, 80);
        _config = new ChartConfig
        {
            Title = Title,
            Height = _height,
            TimeAxis = TimeAxis,
            Window = Window is { } window && window > TimeSpan.Zero
                ? (TimeAxis == ChartTimeAxis.Seconds ? window.TotalSeconds : window.TotalMilliseconds)
                : null,
            MaxPoints = MaxPointsPerSeries,
            RedrawIntervalMs = (int)Math.Clamp(RedrawInterval.TotalMilliseconds, 50, 10_000),
            Series = series,
        };
        _pending = series.Select(_ => new List<ChartPoint>()).ToArray();
    }

    // The markup holds no data, so only our own state changes (ready, exporting, error) need a render; a parent's
    // re-render passes the same parameters again and is skipped.
    protected override bool ShouldRender()
    {
        var render = _renderRequested;
        _renderRequested = false;
        return render;
    }

    protected override Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _initialization = InitializeAsync();
            return _initialization;
        }
        return Task.CompletedTask;
    }

    private async Task InitializeAsync()
    {
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            if (_disposed)
            {
                return;
            }
            var id = await _module.InvokeAsync<int>("create", _plot, _config);
            _chartId = id;
            if (_disposed)
            {
                return;
            }
            // Everything pushed before the chart existed (including while `create` ran: pushes run on this renderer
            // thread between the awaits) goes in one batch; later pushes see _chartId and send their own points.
            var held = _pending.Select(Pairs).ToArray();
            _pending = _pending.Select(_ => new List<ChartPoint>()).ToArray();
            if (held.Any(s => s.Length > 0))
            {
                await _module.InvokeVoidAsync("push", id, held);
            }
            if (_bands.Count > 0 || _markers.Count > 0)
            {
                await _module.InvokeVoidAsync("annotate", id, _bands, _markers);
            }
            _ready = true;
            Refresh();
        }
        catch (JSDisconnectedException)
        {
            // The circuit went away while the chart was being created: nothing left to draw on.
        }
        catch (Exception ex) when (ex is JSException or TaskCanceledException)
        {
            Logger.LogWarning(ex, "Chart {Title} could not be created in the browser", Title);
            _error = "Chart unavailable: " + ex.Message;
            Refresh();
        }
    }

    private async Task PushCoreAsync(IReadOnlyList<IReadOnlyList<ChartPoint>> pointsPerSeries, CancellationToken cancellationToken)
    {
        if (pointsPerSeries.Count > _pending.Length)
        {
            throw new ArgumentException($"{pointsPerSeries.Count} point lists for {_pending.Length} series.", nameof(pointsPerSeries));
        }
        var batch = new double[pointsPerSeries.Count][][];
        var any = false;
        for (var i = 0; i < pointsPerSeries.Count; i++)
        {
            var finite = (pointsPerSeries[i] ?? []).Where(p => p.IsFinite).ToList();
            batch[i] = Pairs(finite);
            any |= finite.Count > 0;
            if (_chartId is null)
            {
                _pending[i].AddRange(finite);
                // Same rule as charts.js: at most MaxPoints per series.
                if (_pending[i].Count > MaxPointsPerSeries)
                {
                    _pending[i].RemoveRange(0, _pending[i].Count - MaxPointsPerSeries);
                }
            }
        }
        if (any && _chartId is { } id && _module is not null)
        {
            await SendAsync(_module, "push", cancellationToken, id, batch);
        }
    }

    private async Task SendAsync(IJSObjectReference module, string verb, CancellationToken cancellationToken, params object?[] args)
    {
        try
        {
            await module.InvokeVoidAsync(verb, cancellationToken, args);
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; the page is about to be disposed.
        }
        catch (JSException ex)
        {
            // A drawing problem must not stop the page's data loop: log it and carry on.
            Logger.LogWarning(ex, "Chart {Title}: {Verb} failed in the browser", Title, verb);
        }
    }

    // ComponentBase.InvokeAsync has no overload that returns a value.
    private async Task<T> OnRendererAsync<T>(Func<Task<T>> work)
    {
        T result = default!;
        await InvokeAsync(async () => result = await work());
        return result;
    }

    private async Task<byte[]> ExportAsync(string verb, CancellationToken cancellationToken)
    {
        if (_chartId is not { } id || _module is null)
        {
            throw new InvalidOperationException("The chart is not in the browser yet (it is created after the first render).");
        }
        return await ChartExport.ReadAsync(_module, verb, id, cancellationToken, Caption?.Invoke());
    }

    private Task DownloadPngAsync() => DownloadAsync("png", "image/png", ct => ExportAsync("exportPng", ct));

    private Task DownloadSvgAsync() => DownloadAsync("svg", "image/svg+xml", ct => ExportAsync("exportSvg", ct));

    private async Task DownloadAsync(string extension, string contentType, Func<CancellationToken, Task<byte[]>> export)
    {
        if (_module is null)
        {
            return;
        }
        _exporting = true;
        _error = null;
        Refresh();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var bytes = await export(timeout.Token);
            await ChartExport.SaveAsync(_module, DownloadName(extension), contentType, bytes, timeout.Token);
        }
        catch (JSDisconnectedException)
        {
            return;
        }
        catch (Exception ex) when (ex is JSException or OperationCanceledException or InvalidOperationException or IOException)
        {
            Logger.LogWarning(ex, "Chart {Title}: {Format} export failed", Title, extension);
            _error = $"{extension.ToUpperInvariant()} export failed: {ex.Message}";
        }
        _exporting = false;
        Refresh();
    }

    private string DownloadName(string extension)
    {
        var stem = ChartExport.Slug(FileName ?? Title);
        return $"{(stem.Length > 0 ? stem : "chart")}-{ChartExport.Stamp(Time.GetUtcNow())}.{extension}";
    }

    private void Refresh()
    {
        _renderRequested = true;
        StateHasChanged();
    }

    private static double[][] Pairs(IReadOnlyList<ChartPoint> points)
    {
        var pairs = new double[points.Count][];
        for (var i = 0; i < points.Count; i++)
        {
            pairs[i] = [points[i].X, points[i].Y];
        }
        return pairs;
    }

    /// <summary>Removes the chart from the browser and releases the module. A circuit that is already gone is fine.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_initialization is not null)
        {
            // Let a `create` in flight finish, so the chart it makes is destroyed below rather than left behind.
            // Bounded: a browser that never answers must not hold up the circuit's teardown.
            try
            {
                await _initialization.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex)
            {
                // A failure was already surfaced to the renderer by OnAfterRenderAsync; teardown goes on.
                Logger.LogDebug(ex, "Chart {Title}: creation failed or did not finish", Title);
            }
        }
        var module = _module;
        _module = null;
        if (module is null)
        {
            return;
        }
        try
        {
            if (_chartId is { } id)
            {
                _chartId = null;
                await module.InvokeVoidAsync("destroy", id);
            }
        }
        catch (JSDisconnectedException)
        {
        }
        catch (JSException ex)
        {
            Logger.LogDebug(ex, "Chart {Title}: destroy failed in the browser", Title);
        }
        finally
        {
            try
            {
                await module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // Teardown of a closed circuit: the browser side went with it.
            }
        }
    }
}
