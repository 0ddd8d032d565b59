namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>Failed requests by <see cref="FailureKind"/>.</summary>
public sealed record FailureCounts
{
    /// <summary>No failures.</summary>
    public static FailureCounts None { get; } = new();

    /// <summary>See <see cref="FailureKind.ConnectionRefused"/>.</summary>
    public long ConnectionRefused { get; init; }

    /// <summary>See <see cref="FailureKind.Reset"/>.</summary>
    public long Reset { get; init; }

    /// <summary>See <see cref="FailureKind.Timeout"/>.</summary>
    public long Timeout { get; init; }

    /// <summary>See <see cref="FailureKind.Http5xx"/>.</summary>
    public long Http5xx { get; init; }

    /// <summary>See <see cref="FailureKind.Http4xx"/>.</summary>
    public long Http4xx { get; init; }

    /// <summary>See <see cref="FailureKind.Other"/>.</summary>
    public long Other { get; init; }

    /// <summary>See <see cref="FailureKind.Aborted"/>.</summary>
    public long Aborted { get; init; }

    /// <summary>All failures.</summary>
    public long Total => ConnectionRefused + Reset + Timeout + Http5xx + Http4xx + Other + Aborted;

    /// <summary>The count for one kind.</summary>
    public long Get(FailureKind kind) => kind switch
    {
        FailureKind.ConnectionRefused => ConnectionRefused,
        FailureKind.Reset => Reset,
        FailureKind.Timeout => Timeout,
        FailureKind.Http5xx => Http5xx,
        FailureKind.Http4xx => Http4xx,
        FailureKind.Other => Other,
        FailureKind.Aborted => Aborted,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown failure kind."),
    };

    /// <summary>The sum of this and <paramref name="other"/>.</summary>
    public FailureCounts Plus(FailureCounts other) => new()
    {
        ConnectionRefused = ConnectionRefused + other.ConnectionRefused,
        Reset = Reset + other.Reset,
        Timeout = Timeout + other.Timeout,
        Http5xx = Http5xx + other.Http5xx,
        Http4xx = Http4xx + other.Http4xx,
        Other = Other + other.Other,
        Aborted = Aborted + other.Aborted,
    };

    /// <summary>Builds counts from an array indexed by <see cref="FailureKind"/>.</summary>
    internal static FailureCounts FromArray(ReadOnlySpan<long> counts) => new()
    {
        ConnectionRefused = counts[(int)FailureKind.ConnectionRefused],
        Reset = counts[(int)FailureKind.Reset],
        Timeout = counts[(int)FailureKind.Timeout],
        Http5xx = counts[(int)FailureKind.Http5xx],
        Http4xx = counts[(int)FailureKind.Http4xx],
        Other = counts[(int)FailureKind.Other],
        Aborted = counts[(int)FailureKind.Aborted],
    };

    /// <summary>Number of <see cref="FailureKind"/> values (array size for per-kind counters).</summary>
    internal const int KindCount = (int)FailureKind.Aborted + 1;
}
