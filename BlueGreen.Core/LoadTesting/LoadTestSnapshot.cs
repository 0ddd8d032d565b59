using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting;

/// <summary>Everything a page needs to draw a load test now; later changes come from <see cref="LoadTestService.Subscribe"/>.</summary>
public sealed class LoadTestSnapshot
{
    /// <summary>The test as stored at this moment (a copy).</summary>
    public required LoadTestRecord Record { get; init; }

    /// <summary>Counters, progress and ETA.</summary>
    public required LoadTestProgress Progress { get; init; }

    /// <summary>Every merged second so far (the clients' own seconds are in <see cref="LoadTestService.Samples"/>).</summary>
    public required IReadOnlyList<LoadSample> Samples { get; init; }

    /// <summary>The markers, in time order, classified for the phases.</summary>
    public required IReadOnlyList<LoadTestMarker> Markers { get; init; }

    /// <summary>The last merged second in <see cref="Samples"/>, or -1: stream samples at or below it are repeats.</summary>
    public int LastSecond => Samples.Count == 0 ? -1 : Samples.Max(s => s.Second);
}
