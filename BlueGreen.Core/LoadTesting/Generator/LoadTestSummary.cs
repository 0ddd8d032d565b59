using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// The end of a load test: totals over all measured (non-warm-up) seconds, overall and per client. Equal to the sum
/// of the published samples, so <c>Intended = Ok + Failed + Unsent</c> holds here too, also after an early stop.
/// </summary>
public sealed class LoadTestSummary
{
    /// <summary>The request that was run.</summary>
    public required LoadTestRequest Request { get; init; }

    /// <summary>Wall-clock time of second 0.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Wall-clock time the last sample was published.</summary>
    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>True when the run was stopped through its cancellation token before its schedule ended.</summary>
    public required bool Stopped { get; init; }

    /// <summary>Seconds published (warm-up included).</summary>
    public required int Seconds { get; init; }

    /// <summary>Leading seconds that were warm-up.</summary>
    public required int WarmUpSeconds { get; init; }

    /// <summary>All clients, measured seconds only.</summary>
    public required LoadTotals Total { get; init; }

    /// <summary>Each client (index = client), measured seconds only.</summary>
    public required IReadOnlyList<LoadTotals> PerClient { get; init; }

    /// <summary>
    /// Requests that had not ended long after their timeout (timeout + 5 s past their second) and were counted as
    /// <see cref="FailureKind.Timeout"/> so their second could be published; normally 0.
    /// </summary>
    public required long OverdueRequests { get; init; }
}
