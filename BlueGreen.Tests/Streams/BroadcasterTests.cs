using BlueGreen.Core.Streams;
using Microsoft.Extensions.Time.Testing;

namespace BlueGreen.Tests.Streams;

public class BroadcasterTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_Several_FirstBatchAtOnceInOrder()
    {
        var broadcaster = new Broadcaster<int>(_time, s_interval);
        using var subscription = broadcaster.Subscribe();
        await using var batches = subscription.ReadAllAsync(Ct).GetAsyncEnumerator(Ct);

        broadcaster.Publish(1);
        broadcaster.Publish(2);
        broadcaster.Publish(3);

        Assert.True(await batches.MoveNextAsync().AsTask().WaitAsync(s_patience, Ct));
        Assert.Equal([1, 2, 3], batches.Current.Items);
        Assert.False(batches.Current.Missed);
    }

    [Fact]
    public async Task Publish_SoonAfterABatch_WaitsOutTheIntervalOnTheClock()
    {
        var broadcaster = new Broadcaster<int>(_time, s_interval);
        using var subscription = broadcaster.Subscribe();
        await using var batches = subscription.ReadAllAsync(Ct).GetAsyncEnumerator(Ct);
        broadcaster.Publish(1);
        Assert.True(await batches.MoveNextAsync().AsTask().WaitAsync(s_patience, Ct));

        broadcaster.Publish(2);
        var next = batches.MoveNextAsync().AsTask();
        _time.Advance(s_interval - TimeSpan.FromMilliseconds(1));
        await Task.Delay(100, Ct);
        Assert.False(next.IsCompleted);
        broadcaster.Publish(3);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await next.WaitAsync(s_patience, Ct));
        Assert.Equal([2, 3], batches.Current.Items);
    }

    [Fact]
    public async Task Publish_MoreThanAReaderHolds_NeverBlocksAndTheBatchSaysItMissedSome()
    {
        var broadcaster = new Broadcaster<int>(_time, s_interval, capacity: 2);
        using var subscription = broadcaster.Subscribe();

        for (var i = 1; i <= 5; i++)
        {
            broadcaster.Publish(i);
        }
        await using var batches = subscription.ReadAllAsync(Ct).GetAsyncEnumerator(Ct);

        Assert.True(await batches.MoveNextAsync().AsTask().WaitAsync(s_patience, Ct));
        Assert.Equal([1, 2], batches.Current.Items);
        Assert.True(batches.Current.Missed);
    }

    [Fact]
    public async Task Subscribe_WithFilter_OnlyMatchingItems()
    {
        var broadcaster = new Broadcaster<int>(_time, s_interval);
        using var evens = broadcaster.Subscribe(i => i % 2 == 0);
        await using var batches = evens.ReadAllAsync(Ct).GetAsyncEnumerator(Ct);

        for (var i = 1; i <= 6; i++)
        {
            broadcaster.Publish(i);
        }

        Assert.True(await batches.MoveNextAsync().AsTask().WaitAsync(s_patience, Ct));
        Assert.Equal([2, 4, 6], batches.Current.Items);
    }

    [Fact]
    public async Task Dispose_Unsubscribes_ReadingEndsAndLaterItemsGoNowhere()
    {
        var broadcaster = new Broadcaster<int>(_time, s_interval);
        var subscription = broadcaster.Subscribe();
        using var other = broadcaster.Subscribe();
        Assert.Equal(2, broadcaster.SubscriberCount);

        subscription.Dispose();
        broadcaster.Publish(1);

        Assert.Equal(1, broadcaster.SubscriberCount);
        await using var batches = subscription.ReadAllAsync(Ct).GetAsyncEnumerator(Ct);
        Assert.False(await batches.MoveNextAsync().AsTask().WaitAsync(s_patience, Ct));
    }

    [Fact]
    public async Task ReadAll_Cancelled_EndsQuietly()
    {
        var broadcaster = new Broadcaster<int>(_time, s_interval);
        using var subscription = broadcaster.Subscribe();
        using var cancel = new CancellationTokenSource();
        await using var batches = subscription.ReadAllAsync(cancel.Token).GetAsyncEnumerator(Ct);
        var next = batches.MoveNextAsync().AsTask();

        await cancel.CancelAsync();

        Assert.False(await next.WaitAsync(s_patience, Ct));
    }
}
