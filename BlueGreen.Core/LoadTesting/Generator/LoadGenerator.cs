namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// Starts open-model (or closed-loop) load tests. Stateless and thread-safe: register it as a singleton; every
/// <see cref="Start"/> is an independent run with its own pacer thread and connection pools. Has no UI, storage,
/// transport or ASP.NET dependency, so a remote agent process can host it: the transport comes in as a sender factory
/// (the HTTP one is <c>Http.HttpSenderFactory.Create</c>, passed in by the composition root).
/// </summary>
public sealed class LoadGenerator
{
    private readonly TimeProvider _timeProvider;
    private readonly Func<LoadTestRequest, int, IRequestSender> _senderFactory;

    /// <summary>A generator that sends through the senders <paramref name="senderFactory"/> makes.</summary>
    /// <param name="timeProvider">Wall clock for the samples' timestamps (the pacer itself uses <see cref="System.Diagnostics.Stopwatch"/>).</param>
    /// <param name="senderFactory">Creates the sender of client <c>i</c> (0-based) of a request, each with its own
    /// connections; the run disposes it. HTTP: <c>Http.HttpSenderFactory.Create</c>; tests pass a fake.</param>
    public LoadGenerator(TimeProvider timeProvider, Func<LoadTestRequest, int, IRequestSender> senderFactory)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(senderFactory);
        _timeProvider = timeProvider;
        _senderFactory = senderFactory;
    }

    /// <summary>
    /// Starts a run and returns at once. Cancelling <paramref name="cancellationToken"/> stops it early: nothing more
    /// is sent, requests in flight get 1 s and are then aborted, and the samples and summary stay consistent.
    /// </summary>
    /// <exception cref="ArgumentException">The request has problems (all of them are in the message; see <see cref="LoadTestRequest.Validate"/>).</exception>
    public LoadTestRun Start(LoadTestRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = request.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException($"The load test request is invalid: {string.Join(" | ", problems)}", nameof(request));
        }
        return LoadTestRun.Start(LoadTestPlan.Create(request), _senderFactory, _timeProvider, cancellationToken);
    }

    /// <summary>Runs to the end (or until cancelled) and returns the summary; the samples are not kept.</summary>
    public Task<LoadTestSummary> RunAsync(LoadTestRequest request, CancellationToken cancellationToken) =>
        Start(request, cancellationToken).Completion;
}
