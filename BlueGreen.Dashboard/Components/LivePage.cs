using BlueGreen.Core.Streams;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace BlueGreen.Dashboard.Components;

/// <summary>
/// A page that shows live data the one-way way: it subscribes to a core service's stream, reads the snapshot, and
/// from then on applies each batch of changes (on the renderer) to the views it holds, re-rendering only when
/// something visible changed. It never polls storage. Subscriptions end and reading stops when the page goes.
/// </summary>
public abstract class LivePage : ComponentBase, IAsyncDisposable
{
    private readonly CancellationTokenSource _closed = new();
    private readonly List<IDisposable> _subscriptions = [];
    private bool _disposed;

    /// <summary>Cancelled when the page goes away.</summary>
    protected CancellationToken PageClosed => _closed.Token;

    /// <summary>
    /// Reads <paramref name="subscription"/> in the background and hands each batch to <paramref name="apply"/> on
    /// the renderer; re-renders when it returns true. The page owns the subscription from here on.
    /// </summary>
    protected void Follow<T>(Subscription<T> subscription, Func<StreamBatch<T>, bool> apply)
        => Follow(subscription, batch => Task.FromResult(apply(batch)));

    /// <inheritdoc cref="Follow{T}(Subscription{T}, Func{StreamBatch{T}, bool})"/>
    protected void Follow<T>(Subscription<T> subscription, Func<StreamBatch<T>, Task<bool>> apply)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        ArgumentNullException.ThrowIfNull(apply);
        _subscriptions.Add(subscription);
        _ = PumpAsync(subscription, apply, _closed.Token);
    }

    [Inject]
    public required ILogger<LivePage> PageLogger { get; init; }

    private async Task PumpAsync<T>(Subscription<T> subscription, Func<StreamBatch<T>, Task<bool>> apply, CancellationToken cancellationToken)
    {
        try
        {
            // Reading ends quietly when the page closes (the token) or unsubscribes (disposal completes the stream).
            await foreach (var batch in subscription.ReadAllAsync(cancellationToken))
            {
                await InvokeAsync(async () =>
                {
                    if (await apply(batch) && !_disposed)
                    {
                        StateHasChanged();
                    }
                });
            }
        }
        catch (Exception ex) when (ex is JSDisconnectedException or ObjectDisposedException || _disposed)
        {
            // The circuit or the page went away while a batch was applied: nothing left to show it on.
        }
        catch (Exception ex)
        {
            // Not swallowed: the page stops following this stream, the log says why, and the circuit's error UI shows it.
            PageLogger.LogError(ex, "{Page} stopped following its {Stream} stream", GetType().Name, typeof(T).Name);
            await DispatchExceptionAsync(ex);
        }
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await _closed.CancelAsync();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}
