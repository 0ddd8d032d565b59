namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// Sends one request of a load test and reports how it ended. One instance per client, shared by all of that
/// client's concurrent requests (so it must be thread-safe); disposed when the run has ended.
/// The HTTP implementation is the default; tests and future transports plug in their own.
/// </summary>
public interface IRequestSender : IDisposable
{
    /// <summary>
    /// Sends one request and reads the whole response. Reports failures as a <see cref="RequestOutcome"/> instead of
    /// throwing; throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires (the
    /// generator cancels it at the request's timeout, or when a stopped run aborts what is still in flight).
    /// </summary>
    ValueTask<RequestOutcome> SendAsync(CancellationToken cancellationToken);
}
