namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// The open model's requests that came due in one pacer pass, started together by one pool work item. One work
/// item per pass (not per request) wakes one pool thread instead of one per request, whose spinning for more work
/// cost about half the generator's CPU; and the batch consumes its requests' pooled results, so neither the work
/// item nor the requests' state machines are allocated in steady state.
/// </summary>
/// <remarks>
/// Filled by the pacer thread only, then run once on the pool, then recycled by whichever thread ends its last
/// request. Requests are started in schedule order; each one's synchronous part (building the request and writing
/// it to the socket) runs before the next one's, so the later requests of a large batch start a few µs later each.
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

    public void Execute()
    {
        // One extra count for this loop itself, so the batch cannot be recycled while it is still starting requests.
        Volatile.Write(ref _pending, _count + 1);
        for (var i = 0; i < _count; i++)
        {
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
