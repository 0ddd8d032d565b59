using BlueGreen.Core.Switching;

namespace BlueGreen.Tests.Switching;

public class EnvironmentLocksTests
{
    private static readonly EnvironmentOwner s_deployment = new("deployment", "d-1", "deployment d-1 (2.0.0)");
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(5);
    private readonly EnvironmentLocks _locks = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Claim_Held_SecondClaimRefusedNamingTheOwner()
    {
        using var claim = _locks.Claim("prod", s_deployment, TimeSpan.Zero);

        var error = Assert.Throws<EnvironmentBusyException>(() => _locks.Claim("PROD", new("deployment", "d-2", "deployment d-2 (3.0.0)"), TimeSpan.Zero));

        Assert.Same(s_deployment, error.Owner);
        Assert.Contains("Deployment d-1 (2.0.0) is running on PROD", error.Message);
        Assert.Same(s_deployment, _locks.OwnerOf("prod"));
    }

    [Fact]
    public void Claim_Released_FreeAgainAndOtherEnvironmentsUntouched()
    {
        using var other = _locks.Claim("staging", s_deployment, TimeSpan.Zero);
        var claim = _locks.Claim("prod", s_deployment, TimeSpan.Zero);

        claim.Dispose();
        claim.Dispose();

        Assert.Null(_locks.OwnerOf("prod"));
        using var again = _locks.Claim("prod", new("deployment", "d-2", "deployment d-2"), TimeSpan.Zero);
        Assert.Same(s_deployment, _locks.OwnerOf("staging"));
    }

    [Fact]
    public async Task RunExclusive_WhileClaimed_RefusedWithoutRunning()
    {
        using var claim = _locks.Claim("prod", s_deployment, TimeSpan.Zero);
        var ran = false;

        await Assert.ThrowsAsync<EnvironmentBusyException>(() => _locks.RunExclusiveAsync("prod", _ => Task.FromResult(ran = true), Ct));

        Assert.False(ran);
    }

    [Fact]
    public async Task RunExclusive_TwoAtOnce_OneAfterTheOther()
    {
        var inside = 0;
        var most = 0;
        async Task<bool> Change(CancellationToken ct)
        {
            most = Math.Max(most, Interlocked.Increment(ref inside));
            await Task.Delay(50, ct);
            Interlocked.Decrement(ref inside);
            return true;
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _locks.RunExclusiveAsync("prod", Change, Ct), Ct))).WaitAsync(s_patience, Ct);

        Assert.Equal(1, most);
    }

    [Fact]
    public async Task Claim_WhileAChangeRuns_WaitsForItThenHolds()
    {
        var (release, change) = await StartHeldChangeAsync();

        var claiming = Task.Run(() => _locks.Claim("prod", s_deployment, s_patience), Ct);
        await Task.Delay(100, Ct);
        Assert.False(claiming.IsCompleted);
        release.SetResult();

        using var claim = await claiming.WaitAsync(s_patience, Ct);
        await change.WaitAsync(s_patience, Ct);
        Assert.Same(s_deployment, _locks.OwnerOf("prod"));
    }

    [Fact]
    public async Task Claim_ChangeOutlivesTheWait_RefusedSayingAChangeIsInProgress()
    {
        var (release, change) = await StartHeldChangeAsync();

        var error = Assert.Throws<EnvironmentBusyException>(() => _locks.Claim("prod", s_deployment, TimeSpan.FromMilliseconds(50)));

        Assert.Null(error.Owner);
        Assert.Contains("manual server change is in progress", error.Message);
        release.SetResult();
        await change.WaitAsync(s_patience, Ct);
    }

    /// <summary>A manual change on prod that is running and holds the lock until <c>release</c> completes.</summary>
    private async Task<(TaskCompletionSource Release, Task Change)> StartHeldChangeAsync()
    {
        var release = new TaskCompletionSource();
        var running = new TaskCompletionSource();
        var change = _locks.RunExclusiveAsync("prod", async _ =>
        {
            running.SetResult();
            await release.Task;
            return true;
        }, Ct);
        await running.Task.WaitAsync(s_patience, Ct);
        return (release, change);
    }
}
