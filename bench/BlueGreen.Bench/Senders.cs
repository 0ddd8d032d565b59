using System.Diagnostics;
using System.Reflection;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.LoadTesting.Http;

namespace BlueGreen.Bench;

/// <summary>
/// Reaches the generator's own HTTP sender and run start, which Core keeps internal/private: the benchmark must
/// measure exactly the production path, not a look-alike. Fails loudly if Core's internals were renamed.
/// </summary>
internal static class CoreInternals
{
    private static readonly Type s_httpClientSender = typeof(LoadGenerator).Assembly.GetType("BlueGreen.Core.LoadTesting.Http.HttpRequestSender", throwOnError: true)!;

    private static readonly FieldInfo s_startTicks = typeof(LoadTestRun).GetField("_startTicks", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("LoadTestRun._startTicks not found: update the benchmark to Core's run start.");

    /// <summary>
    /// The production sender, as <see cref="HttpSenderFactory.Create"/> creates it for the dashboard's generator (the
    /// lean socket sender for plain http keep-alive targets); with <paramref name="httpClient"/>, the HttpClient sender
    /// it uses otherwise.
    /// </summary>
    public static IRequestSender CreateHttpSender(LoadTestRequest request, bool httpClient = false) => httpClient
        ? (IRequestSender)Activator.CreateInstance(s_httpClientSender, request)!
        : HttpSenderFactory.Create(request, 0);

    /// <summary>Stopwatch timestamp of the run's second 0 (the schedule's origin).</summary>
    public static long StartTicks(LoadTestRun run) => (long)s_startTicks.GetValue(run)!;
}

/// <summary>
/// Wraps the production sender and records the Stopwatch timestamp at which the generator called it, i.e. the
/// actual send time. Allocation-free: one pre-sized array, one interlocked increment, no extra async state machine.
/// </summary>
internal sealed class TimingSender : IRequestSender
{
    private readonly IRequestSender _inner;
    private readonly long[] _stamps;
    private int _count;

    public TimingSender(IRequestSender inner, int capacity)
    {
        _inner = inner;
        _stamps = new long[capacity];
    }

    /// <summary>Send timestamps recorded so far (unordered: pool threads call in parallel).</summary>
    public ReadOnlySpan<long> Stamps => _stamps.AsSpan(0, Math.Min(Volatile.Read(ref _count), _stamps.Length));

    public ValueTask<RequestOutcome> SendAsync(CancellationToken cancellationToken)
    {
        var now = Stopwatch.GetTimestamp();
        var slot = Interlocked.Increment(ref _count) - 1;
        if (slot < _stamps.Length)
        {
            _stamps[slot] = now;
        }
        return _inner.SendAsync(cancellationToken);
    }

    public void Dispose() => _inner.Dispose();
}

/// <summary>Answers every request at once, synchronously: what is left is the generator's own cost per request.</summary>
internal sealed class NullSender : IRequestSender
{
    private static readonly RequestOutcome s_ok = RequestOutcome.FromStatus(200, 40);

    public ValueTask<RequestOutcome> SendAsync(CancellationToken cancellationToken) => ValueTask.FromResult(s_ok);

    public void Dispose()
    {
    }
}
