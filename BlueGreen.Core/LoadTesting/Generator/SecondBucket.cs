using BlueGreen.Core.LoadTesting.Statistics;
using HdrHistogram;

namespace BlueGreen.Core.LoadTesting.Generator;

/// <summary>
/// The counters of one client for one second of intended send times. Lock-free: issuing, completing and closing
/// use Interlocked operations only.
/// </summary>
/// <remarks>
/// Life cycle and the invariant:
/// 1. Issuing: every request intended in this second is counted here as sent or unsent (intended = sent + unsent).
///    The issuer marks the bucket issue-complete once no more requests can be intended in it.
/// 2. Completing: each sent request ends exactly once in <see cref="Complete"/>: ok or one failure kind.
/// 3. Closing: the collector publishes the bucket when it is issue-complete and completed = sent, so
///    intended = ok + failed + unsent exactly. If a request outlives its timeout by the grace period, the collector
///    <see cref="Seal"/>s the bucket instead: in-progress completions finish, later ones are dropped, and the requests
///    still missing are counted as timeouts; the equation still holds.
/// Two races are closed with the same Dekker pattern (each side writes its flag with a full fence, then reads the
/// other's): a closed-loop worker entering while the pacer closes issuing (<c>_issuers</c> / <c>_issueClosed</c>),
/// and a completion arriving while the collector seals (<c>_completing</c> / <c>_sealed</c>).
/// </remarks>
internal sealed class SecondBucket
{
    private readonly long[] _failures = new long[FailureCounts.KindCount];
    private long _intended, _sent, _unsent, _ok, _bytes, _completed;
    private int _issuers, _issueClosed, _issueComplete, _completing, _sealed;

    public SecondBucket(int second, double durationSeconds, LongConcurrentHistogram latency, LongConcurrentHistogram serviceTime)
    {
        Second = second;
        DurationSeconds = durationSeconds;
        Latency = latency;
        ServiceTime = serviceTime;
    }

    public int Second { get; }

    /// <summary>Set by the issuer before <see cref="MarkIssueComplete"/> (which publishes it).</summary>
    public double DurationSeconds { get; set; }

    public LongConcurrentHistogram Latency { get; }

    public LongConcurrentHistogram ServiceTime { get; }

    public bool IsIssueComplete => Volatile.Read(ref _issueComplete) != 0;

    /// <summary>Issue-complete and every sent request has ended.</summary>
    public bool IsSettled => IsIssueComplete && Volatile.Read(ref _completed) == Volatile.Read(ref _sent);

    public void CountSent()
    {
        Interlocked.Increment(ref _intended);
        Interlocked.Increment(ref _sent);
    }

    public void CountUnsent()
    {
        Interlocked.Increment(ref _intended);
        Interlocked.Increment(ref _unsent);
    }

    public void MarkIssueComplete() => Volatile.Write(ref _issueComplete, 1);

    /// <summary>Closed loop: a worker enters before counting; false when the pacer has closed this bucket.</summary>
    public bool TryEnterIssue()
    {
        Interlocked.Increment(ref _issuers);
        if (Volatile.Read(ref _issueClosed) == 0)
        {
            return true;
        }
        Interlocked.Decrement(ref _issuers);
        return false;
    }

    public void ExitIssue() => Interlocked.Decrement(ref _issuers);

    /// <summary>Closed loop: stops new workers, waits for the ones inside (a few instructions), then marks issue-complete.</summary>
    public void CloseIssue()
    {
        Interlocked.Exchange(ref _issueClosed, 1);
        var spin = new SpinWait();
        while (Volatile.Read(ref _issuers) != 0)
        {
            spin.SpinOnce();
        }
        MarkIssueComplete();
    }

    /// <summary>Records how a sent request ended; exactly once per sent request.</summary>
    public void Complete(RequestOutcome outcome, long latencyTicks, long serviceTicks)
    {
        Interlocked.Increment(ref _completing);
        try
        {
            if (Volatile.Read(ref _sealed) != 0)
            {
                return; // too late: already counted as a timeout when the bucket was sealed
            }
            if (outcome.Failure is { } failure)
            {
                Interlocked.Increment(ref _failures[(int)failure]);
            }
            else
            {
                Latency.RecordValue(LatencyHistograms.ToMicroseconds(latencyTicks));
                ServiceTime.RecordValue(LatencyHistograms.ToMicroseconds(serviceTicks));
                Interlocked.Increment(ref _ok);
            }
            if (outcome.BytesReceived != 0)
            {
                Interlocked.Add(ref _bytes, outcome.BytesReceived);
            }
            // Last: the collector reads the other counters and the histograms once this reaches _sent.
            Interlocked.Increment(ref _completed);
        }
        finally
        {
            Interlocked.Decrement(ref _completing);
        }
    }

    /// <summary>Stops accepting completions and returns how many sent requests never ended (counted as timeouts).</summary>
    public long Seal()
    {
        Interlocked.Exchange(ref _sealed, 1);
        var spin = new SpinWait();
        while (Volatile.Read(ref _completing) != 0)
        {
            spin.SpinOnce();
        }
        return Volatile.Read(ref _sent) - Volatile.Read(ref _completed);
    }

    /// <summary>The final counts; call once settled or sealed. <paramref name="overdue"/> is what <see cref="Seal"/> returned.</summary>
    public SecondCounts ReadCounts(long overdue)
    {
        Span<long> failures = stackalloc long[FailureCounts.KindCount];
        for (var i = 0; i < failures.Length; i++)
        {
            failures[i] = Volatile.Read(ref _failures[i]);
        }
        failures[(int)FailureKind.Timeout] += overdue;
        return new SecondCounts(
            Volatile.Read(ref _intended),
            Volatile.Read(ref _sent),
            Volatile.Read(ref _ok),
            FailureCounts.FromArray(failures),
            Volatile.Read(ref _unsent),
            Volatile.Read(ref _bytes));
    }
}
