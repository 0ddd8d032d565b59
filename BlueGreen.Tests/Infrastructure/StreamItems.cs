using BlueGreen.Core.Streams;

namespace BlueGreen.Tests.Infrastructure;

/// <summary>Reads a subscription item by item, each read bounded: for tests that wait for one change at a time.</summary>
internal sealed class StreamItems<T> : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private readonly IAsyncEnumerator<StreamBatch<T>> _batches;
    private readonly Queue<T> _pending = new();
    // A read that outlived its timeout is kept and awaited by the next call (an async iterator takes one at a time).
    private Task<bool>? _moving;

    public StreamItems(Subscription<T> subscription) => _batches = subscription.ReadAllAsync(_stop.Token).GetAsyncEnumerator();

    /// <summary>Batches read so far that said they missed items.</summary>
    public int Missed { get; private set; }

    /// <summary>The next item; throws <see cref="TimeoutException"/> when none comes within <paramref name="timeout"/>.</summary>
    public async Task<T> NextAsync(TimeSpan timeout)
    {
        while (_pending.Count == 0)
        {
            var next = _moving ??= _batches.MoveNextAsync().AsTask();
            if (await Task.WhenAny(next, Task.Delay(timeout, TestContext.Current.CancellationToken)) != next)
            {
                throw new TimeoutException($"No {typeof(T).Name} within {timeout.TotalSeconds:0.#} s.");
            }
            _moving = null;
            if (!await next)
            {
                throw new TimeoutException($"The {typeof(T).Name} stream ended.");
            }
            Missed += _batches.Current.Missed ? 1 : 0;
            foreach (var item in _batches.Current.Items)
            {
                _pending.Enqueue(item);
            }
        }
        return _pending.Dequeue();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_moving is { } moving)
        {
            // The cancellation ends the pending read quietly; then the iterator can be disposed.
            await moving.WaitAsync(TimeSpan.FromSeconds(10));
        }
        await _batches.DisposeAsync();
        _stop.Dispose();
    }
}
