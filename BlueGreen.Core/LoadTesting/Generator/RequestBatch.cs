using System.Diagnostics;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// The open model's requests that came due in one pacer pass. The pacer starts them itself, in schedule order, for
/// up to a time budget per pass (the synchronous part of a send: the lean sender writes the request to its socket in
/// a few µs), so a request's send lag is the pacer's wake-up and its place in the pass, not a hop through the thread
/// pool; whatever is left when the budget is spent is started by one pool work item. One work item per pass, not
/// per request, also wakes one pool thread instead of many. The batch consumes its requests' pooled results, so
/// neither it nor their state machines are allocated in steady state.
/// </summary>
/// <remarks>
/// Filled and started by the pacer thread, continued on the pool when needed, then recycled by whichever thread
/// ends its last request. A request's synchronous part runs before the next one's, so the later requests of a large
/// pass start a few µs later each.
/// </remarks>
internal sealed class RequestBatch : IThreadPoolWorkItem
{
    private readonly ClientRunner _runner;
    private readonly Action<RequestBatch> _recycle;
    private readonly Action _onRequestEnded;
    private SecondBucket[] _buckets = new SecondBucket[16];
    private long[] _intended = new long[16];
    private ValueTask[] _running = new ValueTask[16];
    private int _count;
    private int _next;
    private int _pending;

    public RequestBatch(ClientRunner runner, Action<RequestBatch> recycle)
    {
        _runner = runner;
        _recycle = recycle;
        _onRequestEnded = RequestEnded;
    }

    public int Count => _count;

    /// <summary>Pacer thread: adds a request that is counted as sent and in flight.</summary>
    public void Add(SecondBucket bucket, long intendedTicks)
    {
        if (_count == _buckets.Length)
        {
            Array.Resize(ref _buckets, _count * 2);
            Array.Resize(ref _intended, _count * 2);
            Array.Resize(ref _running, _count * 2);
        }
        _buckets[_count] = bucket;
        _intended[_count] = intendedTicks;
        _count++;
    }

    /// <summary>Pacer thread: starts the requests until <paramref name="inlineUntilTicks"/>, then queues the rest.</summary>
    public void Start(long inlineUntilTicks)
    {
        // One extra count for the starting itself, so the batch cannot be recycled while requests are still starting.
        Volatile.Write(ref _pending, _count + 1);
        _next = 0;
        StartSome(inlineUntilTicks);
    }

    public void Execute() => StartSome(long.MaxValue);

    private void StartSome(long untilTicks)
    {
        while (_next < _count)
        {
            if (Stopwatch.GetTimestamp() > untilTicks)
            {
                ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
                return;
            }
            var i = _next++;
            var running = _runner.ExecuteAsync(_buckets[i], _intended[i]);
            _running[i] = running;
            if (running.IsCompleted)
            {
                RequestEnded();
            }
            else
            {
                running.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onRequestEnded);
            }
        }
        RequestEnded();
    }

    private void RequestEnded()
    {
        if (Interlocked.Decrement(ref _pending) != 0)
        {
            return;
        }
        // All have completed: consume each result once (returns its box to the pool), then recycle the batch.
        for (var i = 0; i < _count; i++)
        {
            _running[i].GetAwaiter().GetResult();
            _running[i] = default;
            _buckets[i] = null!;
        }
        _count = 0;
        _recycle(this);
    }
}
