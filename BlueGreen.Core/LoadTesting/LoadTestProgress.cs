namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// A load test's live counters: over every merged second published so far (warm-up included, unlike the summary),
/// so <c>Intended = Ok + Failed + Unsent</c> holds here too. Seconds are published once all their requests have
/// ended, so the counters trail <see cref="Elapsed"/> by about the response time.
/// </summary>
public sealed record LoadTestProgress
{
    /// <summary>Time since second 0 (to the end once the test has ended).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>Planned length from second 0, warm-up included.</summary>
    public required double PlannedSeconds { get; init; }

    /// <summary>0..1; 1 once the test has ended, however it ended.</summary>
    public required double Fraction { get; init; }

    /// <summary>When the schedule ends, while running; null once ended.</summary>
    public DateTimeOffset? Eta { get; init; }

    /// <summary>Merged seconds published.</summary>
    public required int Seconds { get; init; }

    /// <summary>Requests intended so far.</summary>
    public required long Intended { get; init; }

    /// <summary>Requests sent so far.</summary>
    public required long Sent { get; init; }

    /// <summary>Ok responses so far.</summary>
    public required long Ok { get; init; }

    /// <summary>Failed requests so far.</summary>
    public required long Failed { get; init; }

    /// <summary>Requests not sent (in-flight cap) so far.</summary>
    public required long Unsent { get; init; }

    /// <summary>Requests sent per second in the last published second.</summary>
    public required double CurrentRequestsPerSecond { get; init; }

    /// <summary>Ok responses per second in the last published second.</summary>
    public required double CurrentThroughputPerSecond { get; init; }

    /// <summary>
    /// The progress of <paramref name="record"/> from the counts stored with it (<see cref="LoadTestRecord.SoFar"/>;
    /// for a test stored before those existed, its result's totals): no sample is read, no histogram decoded.
    /// </summary>
    public static LoadTestProgress Create(LoadTestRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        var running = record.State == LoadTestState.Running;
        var elapsed = (running ? now : record.EndedAt ?? now) - record.StartedAt;
        elapsed = elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed;
        var fraction = !running ? 1 : record.PlannedSeconds > 0 ? Math.Clamp(elapsed.TotalSeconds / record.PlannedSeconds, 0, 1) : 0;
        var soFar = record.SoFar ?? FromResult(record);
        return new LoadTestProgress
        {
            Elapsed = elapsed,
            PlannedSeconds = record.PlannedSeconds,
            Fraction = fraction,
            Eta = running ? record.StartedAt + TimeSpan.FromSeconds(record.PlannedSeconds) : null,
            Seconds = soFar.Seconds,
            Intended = soFar.Intended,
            Sent = soFar.Sent,
            Ok = soFar.Ok,
            Failed = soFar.Failed,
            Unsent = soFar.Unsent,
            CurrentRequestsPerSecond = soFar.LastRequestsPerSecond,
            CurrentThroughputPerSecond = soFar.LastThroughputPerSecond,
        };
    }

    private static LoadTestSoFar FromResult(LoadTestRecord record) => record.Result is { Total: var total } result
        ? new LoadTestSoFar
        {
            Seconds = result.Seconds,
            Intended = total.Intended,
            Sent = total.Sent,
            Ok = total.Ok,
            Failed = total.Failures.ToCounts().Total,
            Unsent = total.Unsent,
        }
        : new LoadTestSoFar { Seconds = record.SecondsStored };
}
