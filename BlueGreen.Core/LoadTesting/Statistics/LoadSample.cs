using System.Diagnostics.CodeAnalysis;
using BlueGreen.Core.LoadTesting.Storage;

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

    /// <summary>Reads a stored sample back (<see cref="LoadSampleDocument.ToSample"/>).</summary>
    [SetsRequiredMembers]
    internal LoadSample(LoadSampleDocument stored)
        : base(stored)
    {
        Second = stored.Second;
        Client = stored.Client;
        Start = stored.Start;
        IsWarmUp = stored.IsWarmUp;
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
