using BlueGreen.Core.Status;
using BlueGreen.Tests.Infrastructure;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Status;

public class EnvironmentStatusStoreTests
{
    private static EnvironmentStatus Status(string name, params string[] ready)
        => EnvironmentStatusBuilder.Build(FourSites(), [Reachable("lb1", Read(ready))], Versions, DateTimeOffset.UnixEpoch) with { Name = name };

    [Fact]
    public void Publish_ReplacesSnapshotByName()
    {
        var store = new EnvironmentStatusStore(TimeProvider.System);
        store.Publish(Status("prod", "a1"));
        store.Publish(Status("PROD", "c1"));

        Assert.Single(store.Current);
        Assert.Equal(LiveGroup.Green, store.Get("prod")!.LiveGroup);
    }

    [Fact]
    public async Task Subscribe_ThenPublish_Delivered()
    {
        var store = new EnvironmentStatusStore(TimeProvider.System);
        using var subscription = store.Subscribe();
        await using var statuses = new StreamItems<EnvironmentStatus>(subscription);

        store.Publish(Status("prod", "a1"));
        var received = await statuses.NextAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(LiveGroup.Blue, received.LiveGroup);
    }

    [Fact]
    public async Task Subscribe_ManyPublishedAtOnce_OneBatchInOrderEndingWithTheNewest()
    {
        var store = new EnvironmentStatusStore(TimeProvider.System);
        using var subscription = store.Subscribe();
        for (var i = 0; i < 100; i++)
        {
            store.Publish(Status("prod", i == 99 ? "c1" : "a1"));
        }

        await using var batches = subscription.ReadAllAsync(TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.True(await batches.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));

        Assert.Equal(100, batches.Current.Items.Count);
        Assert.False(batches.Current.Missed);
        Assert.Equal(LiveGroup.Green, batches.Current.Items[^1].LiveGroup);
    }

    [Fact]
    public async Task Dispose_Unsubscribes_AndEndsReading()
    {
        var store = new EnvironmentStatusStore(TimeProvider.System);
        var subscription = store.Subscribe();
        Assert.Equal(1, store.SubscriberCount);

        subscription.Dispose();

        Assert.Equal(0, store.SubscriberCount);
        await using var batches = subscription.ReadAllAsync(TestContext.Current.CancellationToken).GetAsyncEnumerator(TestContext.Current.CancellationToken);
        Assert.False(await batches.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken));
    }
}
