using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Core.LoadTesting;

/// <summary>A load test action was refused; the message says why and what to do.</summary>
public sealed class LoadTestRejectedException : Exception
{
    /// <summary>Creates a refusal.</summary>
    /// <param name="kind">The kind, for the HTTP status.</param>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="problems">For <see cref="LoadTestRejection.Invalid"/>: every problem of the spec.</param>
    /// <param name="runningIds">For the concurrency limit: the tests that are running.</param>
    public LoadTestRejectedException(LoadTestRejection kind, string message, IReadOnlyList<LoadTestProblem>? problems = null, IReadOnlyList<string>? runningIds = null)
        : base(message)
    {
        Kind = kind;
        Problems = problems ?? [];
        RunningIds = runningIds ?? [];
    }

    /// <summary>Why it was refused.</summary>
    public LoadTestRejection Kind { get; }

    /// <summary>Every problem of the spec (empty unless <see cref="LoadTestRejection.Invalid"/>).</summary>
    public IReadOnlyList<LoadTestProblem> Problems { get; }

    /// <summary>The running tests, when the concurrency limit refused a start.</summary>
    public IReadOnlyList<string> RunningIds { get; }
}
