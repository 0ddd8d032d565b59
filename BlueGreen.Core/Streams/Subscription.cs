using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace BlueGreen.Core.Streams;

/// <summary>
/// One reader's live view of a <see cref="Broadcaster{T}"/>: a bounded queue read in throttled batches with
/// <see cref="ReadAllAsync"/>. Single reader. Dispose to unsubscribe; reading then ends.
/// </summary>
public sealed class Subscription<T> : IDisposable
{
    private readonly Channel<T> _channel;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private readonly Func<T, bool>? _filter;
    private readonly Action _unsubscribe;
    private int _missed;
    private int _disposed;

    internal Subscription(int capacity, TimeSpan interval, TimeProvider timeProvider, Func<T, bool>? filter, Action unsubscribe)
    {
        _channel = Channel.CreateBounded<T>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _interval = interval;
        _timeProvider = timeProvider;
        _filter = filter;
        _unsubscribe = unsubscribe;
    }

    /// <summary>
    /// Batches until the subscription is disposed or <paramref name="cancellationToken"/> fires (then it ends quietly,
    /// without throwing). Each batch holds everything published since the last one; two batches are at least the
    /// broadcaster's interval apart, so a busy stream costs the reader a few wake-ups a second, not one per item.
    /// </summary>
    public async IAsyncEnumerable<StreamBatch<T>> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var reader = _channel.Reader;
        var lastBatch = long.MinValue;
        while (true)
        {
            try
            {
                if (!await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }
                if (lastBatch != long.MinValue && _interval > TimeSpan.Zero)
                {
                    var wait = _interval - _timeProvider.GetElapsedTime(lastBatch);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _timeProvider, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                yield break;
            }
            var items = new List<T>();
            // Read "missed" before draining: whatever was dropped happened before the items still queued.
            var missed = Interlocked.Exchange(ref _missed, 0) == 1;
            while (reader.TryRead(out var item))
            {
                items.Add(item);
            }
            lastBatch = _timeProvider.GetTimestamp();
            if (items.Count > 0 || missed)
            {
                yield return new StreamBatch<T>(items, missed);
            }
        }
    }

    /// <summary>Queues an item for this reader, or notes that it missed it (queue full). Never blocks.</summary>
    internal void Offer(T item)
    {
        if (_filter is not null && !_filter(item))
        {
            return;
        }
        if (!_channel.Writer.TryWrite(item) && Volatile.Read(ref _disposed) == 0)
        {
            Interlocked.Exchange(ref _missed, 1);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _unsubscribe();
            _channel.Writer.TryComplete();
        }
    }
}
