using System.Diagnostics;
using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Tests.LoadTesting.Generator;

public sealed class TimeoutSlotsTests
{
    private static readonly long s_slot = Stopwatch.Frequency / 100;

    [Fact]
    public void TokenFor_WithinOneSlot_SharesOneToken()
    {
        using var abort = new CancellationTokenSource();
        using var slots = new TimeoutSlots(TimeSpan.FromMinutes(5), abort.Token);
        var start = Stopwatch.GetTimestamp();

        var first = slots.TokenFor(start);
        var sameSlot = slots.TokenFor(start + s_slot - 1);
        var nextSlot = slots.TokenFor(start + s_slot);

        Assert.Equal(first, sameSlot);
        Assert.NotEqual(first, nextSlot);
        Assert.False(first.IsCancellationRequested);
    }

    [Fact]
    public void Abort_CancelsEverySlotsToken()
    {
        using var abort = new CancellationTokenSource();
        using var slots = new TimeoutSlots(TimeSpan.FromMinutes(5), abort.Token);
        var start = Stopwatch.GetTimestamp();
        var first = slots.TokenFor(start);
        var second = slots.TokenFor(start + s_slot);

        abort.Cancel();

        Assert.True(first.IsCancellationRequested);
        Assert.True(second.IsCancellationRequested);
        Assert.True(slots.Abort.IsCancellationRequested);
    }

    [Fact]
    public async Task TokenFor_CancelledByTheTimeoutAlone()
    {
        using var abort = new CancellationTokenSource();
        using var slots = new TimeoutSlots(TimeSpan.FromMilliseconds(50), abort.Token);
        var sent = Stopwatch.GetTimestamp();
        var token = slots.TokenFor(sent);
        var fired = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.False(token.IsCancellationRequested);
        using var registration = token.Register(() => fired.TrySetResult(Stopwatch.GetTimestamp()));

        await fired.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(token.IsCancellationRequested);
        Assert.False(abort.IsCancellationRequested);
    }

    [Fact]
    public void Dispose_AfterSlotsExpiredAndAlive_LeavesTokensReadable()
    {
        var abort = new CancellationTokenSource();
        var slots = new TimeoutSlots(TimeSpan.FromMinutes(5), abort.Token);
        var token = slots.TokenFor(Stopwatch.GetTimestamp());

        slots.Dispose();
        abort.Cancel();
        abort.Dispose();

        Assert.False(token.IsCancellationRequested); // disposed before the abort: unlinked, never cancelled
    }
}
