using BlueGreen.Core.Reports;
using BlueGreen.Dashboard.Components.Controls.Charts;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace BlueGreen.Dashboard.Components.Controls;

/// <summary>
/// One figure of a report, computed in C# (<see cref="Figure"/>, e.g. from <see cref="ExperimentFigures"/>) and drawn
/// by the chart module's <c>figure</c> verb: grouped bars with their 95 % whiskers, box plots, or lines with TIPHON
/// bands; a paper's series hatched beside ours, or left out when <see cref="ShowReference"/> is off (the chart is then
/// drawn again, so its axis fits our numbers). PNG and SVG downloads drawn by the browser, a CSV download from
/// <see cref="CsvHref"/> (the server's figure endpoint), each download named <c>{FileStem}-{figure id}</c>.
/// </summary>
/// <remarks>Renderer thread only. A new <see cref="Figure"/> instance, or a change of <see cref="ShowReference"/>,
/// draws the chart again; the same instance passed again by a parent's re-render does nothing.</remarks>
public sealed partial class FigureChart : ComponentBase, IAsyncDisposable
{
    private const string ModulePath = "./js/charts.js";

    private ElementReference _plot;
    private Figure? _figure;
    private bool _shownReference;
    private FigureChartConfig? _config;
    // The config the browser draws (or is drawing); a different _config is sent by SyncAsync.
    private FigureChartConfig? _sent;
    private IJSObjectReference? _module;
    private int? _chartId;
    private Task? _initialization;
    private bool _ready;
    private bool _exporting;
    private bool _disposed;
    private bool _renderRequested = true;
    private string? _error;

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    [Inject]
    public required ILogger<FigureChart> Logger { get; init; }

    [Parameter, EditorRequired]
    public required Figure Figure { get; set; }

    /// <summary>Draw the reference series (a paper's numbers) beside ours.</summary>
    [Parameter]
    public bool ShowReference { get; set; } = true;

    /// <summary>What the downloads are named after (e.g. <c>experiment-tiny-20261205-1000</c>); the figure's id and the
    /// extension are added.</summary>
    [Parameter, EditorRequired]
    public required string FileStem { get; set; }

    /// <summary>Where this figure's numbers download as CSV (the server makes the CSV); no CSV button when null.</summary>
    [Parameter]
    public string? CsvHref { get; set; }

    /// <summary>Height of the plot in CSS pixels.</summary>
    [Parameter]
    public int Height { get; set; } = 320;

    protected override async Task OnParametersSetAsync()
    {
        ArgumentNullException.ThrowIfNull(Figure);
        if (ReferenceEquals(Figure, _figure) && ShowReference == _shownReference && _config is not null)
        {
            return;
        }
        _figure = Figure;
        _shownReference = ShowReference;
        _config = FigureChartConfig.From(Figure, ShowReference, Math.Max(Height, 120));
        _renderRequested = true;
        await SyncAsync();
    }

    // The markup shows the figure's caption and our own state; a parent's re-render with the same figure is skipped.
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
            _sent = _config;
            _chartId = await _module.InvokeAsync<int>("figure", _plot, _sent);
            if (_disposed)
            {
                return;
            }
            // The figure or the switch may have changed while the chart was being drawn.
            await SyncAsync();
            _ready = true;
            Refresh();
        }
        catch (JSDisconnectedException)
        {
            // The circuit went away while the chart was being created: nothing left to draw on.
        }
        catch (Exception ex) when (ex is JSException or TaskCanceledException)
        {
            Logger.LogWarning(ex, "Figure {Figure} could not be drawn in the browser", Figure.Id);
            _error = "Chart unavailable: " + ex.Message;
            Refresh();
        }
    }

    private async Task SyncAsync()
    {
        if (_chartId is not { } id || _module is null || ReferenceEquals(_sent, _config))
        {
            return;
        }
        _sent = _config;
        try
        {
            await _module.InvokeVoidAsync("updateFigure", id, _sent);
        }
        catch (JSDisconnectedException)
        {
            // The browser is gone; the page is about to be disposed.
        }
        catch (JSException ex)
        {
            Logger.LogWarning(ex, "Figure {Figure} could not be drawn again in the browser", Figure.Id);
            _error = "Chart not updated: " + ex.Message;
            Refresh();
        }
    }

    private Task DownloadPngAsync() => DownloadAsync("exportPng", "png", "image/png");

    private Task DownloadSvgAsync() => DownloadAsync("exportSvg", "svg", "image/svg+xml");

    private async Task DownloadAsync(string verb, string extension, string contentType)
    {
        if (_module is null || _chartId is not { } id)
        {
            return;
        }
        var name = $"{FileStem}-{Figure.Id}.{extension}";
        _exporting = true;
        Refresh();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var bytes = await ChartExport.ReadAsync(_module, verb, id, timeout.Token);
            await ChartExport.SaveAsync(_module, name, contentType, bytes, timeout.Token);
            Snackbar.Add($"Saved {name} ({bytes.Length / 1024.0:N0} KB).", Severity.Success);
        }
        catch (JSDisconnectedException)
        {
            return;
        }
        catch (Exception ex) when (ex is JSException or OperationCanceledException or IOException)
        {
            Logger.LogWarning(ex, "Figure {Figure}: {Format} export failed", Figure.Id, extension);
            Snackbar.Add($"{extension.ToUpperInvariant()} of '{Figure.Title}' failed: {ex.Message}", Severity.Error);
        }
        _exporting = false;
        Refresh();
    }

    private void Refresh()
    {
        _renderRequested = true;
        StateHasChanged();
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
            // Let a drawing in flight finish, so the chart it makes is destroyed below rather than left behind.
            // Bounded: a browser that never answers must not hold up the circuit's teardown.
            try
            {
                await _initialization.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception ex)
            {
                Logger.LogDebug(ex, "Figure {Figure}: drawing failed or did not finish", _figure?.Id);
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
            Logger.LogDebug(ex, "Figure {Figure}: destroy failed in the browser", _figure?.Id);
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
