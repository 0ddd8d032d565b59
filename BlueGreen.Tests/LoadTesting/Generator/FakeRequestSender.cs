using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Tests.LoadTesting.Generator;

/// <summary>A sender whose behaviour per call (0-based call number) is scripted by the test.</summary>
internal sealed class FakeRequestSender(Func<long, CancellationToken, Task<RequestOutcome>> behaviour) : IRequestSender
{
    private long _calls;
    private int _disposed;

    public long Calls => Interlocked.Read(ref _calls);

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    public async ValueTask<RequestOutcome> SendAsync(CancellationToken cancellationToken)
    {
        var call = Interlocked.Increment(ref _calls) - 1;
        return await behaviour(call, cancellationToken);
    }

    public void Dispose() => Interlocked.Exchange(ref _disposed, 1);

    /// <summary>Ok after a short delay.</summary>
    public static async Task<RequestOutcome> OkAfter(int milliseconds, CancellationToken cancellationToken)
    {
        await Task.Delay(milliseconds, cancellationToken);
        return RequestOutcome.FromStatus(200, 100);
    }

    /// <summary>Never answers; ends only by cancellation (timeout or abort).</summary>
    public static async Task<RequestOutcome> Hang(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}
