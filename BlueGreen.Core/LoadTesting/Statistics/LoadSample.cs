using System.Diagnostics.CodeAnalysis;

namespace BlueGreen.Core.LoadTesting.Statistics;

/// <summary>
/// One second of a load test, for one client or for all clients merged (<see cref="Client"/> null).
/// Requests are attributed to the second of their <b>intended</b> send time, and a second is published only when
/// every request intended in it has ended (or outlived its timeout), so <c>Intended = Ok + Failed + Unsent</c> and
/// <c>Sent = Ok + Failed</c> hold exactly in every sample; the merged sample is the exact sum of the clients' samples.
/// </summary>
public sealed record LoadSample : LoadCounts
{
    /// <summary>For object initializers.</summary>
    public LoadSample()
    {
    }

    /// <summary>A sample with the counts and histograms of <paramref name="counts"/> (e.g. read back from storage);
    /// set <see cref="Second"/>, <see cref="Start"/> and the rest in the initializer.</summary>
    [SetsRequiredMembers]
    public LoadSample(LoadCounts counts)
        : base(counts)
    {
    }

    /// <summary>Second index from the run's start (0 = first second, warm-up included).</summary>
    public required int Second { get; init; }

    /// <summary>Client index, or null for all clients merged.</summary>
    public int? Client { get; init; }

    /// <summary>Wall-clock start of the second (run start + <see cref="Second"/>).</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>True inside the warm-up: published for charts, left out of every statistic.</summary>
    public bool IsWarmUp { get; init; }

    /// <summary>Wall-clock end of the covered span.</summary>
    public DateTimeOffset End => Start + TimeSpan.FromSeconds(DurationSeconds);
}
