using BlueGreen.Core.Status;
using static BlueGreen.Tests.Status.StatusTestData;

namespace BlueGreen.Tests.Status;

public class EnvironmentStatusStoreTests
{
    private static EnvironmentStatus Status(string name, params string[] ready)
        => EnvironmentStatusBuilder.Build(FourSites(), [Reachable("lb1", Read(ready))], Versions, DateTimeOffset.UnixEpoch) with { Name = name };

    [Fact]
    public void Publish_ReplacesSnapshotByName()
    {
        var store = new EnvironmentStatusStore();
        store.Publish(Status("prod", "a1"));
        store.Publish(Status("PROD", "c1"));

        Assert.Single(store.Current);
        Assert.Equal(LiveGroup.Green, store.Get("prod")!.LiveGroup);
    }

    [Fact]
    public async Task Subscribe_ThenPublish_Delivered()
    {
        var store = new EnvironmentStatusStore();
        using var subscription = store.Subscribe();

        store.Publish(Status("prod", "a1"));
        var received = await subscription.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);

        Assert.Equal(LiveGroup.Blue, received.LiveGroup);
    }

    [Fact]
    public void Subscribe_SlowReader_KeepsNewestDropsOldest()
    {
        var store = new EnvironmentStatusStore();
        using var subscription = store.Subscribe();
        for (var i = 0; i < 100; i++)
        {
            store.Publish(Status("prod", i == 99 ? "c1" : "a1"));
        }

        var all = new List<EnvironmentStatus>();
        while (subscription.Reader.TryRead(out var status))
        {
            all.Add(status);
        }

        Assert.Equal(16, all.Count);
        Assert.Equal(LiveGroup.Green, all[^1].LiveGroup);
    }

    [Fact]
    public async Task Dispose_Unsubscribes_AndCompletesReader()
    {
        var store = new EnvironmentStatusStore();
        var subscription = store.Subscribe();
        Assert.Equal(1, store.SubscriberCount);

        subscription.Dispose();

        Assert.Equal(0, store.SubscriberCount);
        await subscription.Reader.Completion.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
    }
}
