using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// One change on <see cref="LoadTestService.Subscribe"/>'s stream, always with the test's state, progress and list row
/// at that moment. A test's last change has a <see cref="State"/> other than Running; its result is then in the
/// store. A test that is deleted publishes one last change with <see cref="Deleted"/> set.
/// </summary>
/// <param name="TestId">The load test.</param>
/// <param name="State">The test's state.</param>
/// <param name="Progress">Counters, progress and ETA after this change.</param>
/// <param name="Item">The test as a list shows it after this change.</param>
public sealed record LoadTestChange(string TestId, LoadTestState State, LoadTestProgress Progress, LoadTestListItem Item)
{
    /// <summary>A new second: one change per client, then one for the merged sample (<see cref="LoadSample.Client"/> null).</summary>
    public LoadSample? Sample { get; init; }

    /// <summary>The test's whole marker list after a marker arrived (earlier markers' kinds may change, see <see cref="LoadTestPhases"/>).</summary>
    public IReadOnlyList<LoadTestMarker>? Markers { get; init; }

    /// <summary>A warning added to the test, e.g. the engine refused the deploy-at deployment.</summary>
    public string? Warning { get; init; }

    /// <summary>The deploy-at deployment, in the change that records its start.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>The test was deleted: lists drop it.</summary>
    public bool Deleted { get; init; }
}
