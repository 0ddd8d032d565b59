using LiteDB;

namespace BlueGreen.Core.Experiments;

/// <summary>
/// One experiment as stored (collection <c>experiments</c>), published and shown: its definition, state and every run.
/// Immutable: the runner makes a new one for each change, stores it and publishes it.
/// </summary>
public sealed record ExperimentRecord
{
    public string Id { get; init; } = "";
    public ExperimentDefinition Definition { get; init; } = new();
    public ExperimentState State { get; init; }
    public string RequestedBy { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    /// <summary>Set while a pause waits for the current run to end.</summary>
    public bool PauseRequested { get; init; }
    /// <summary>Why it is paused, failed or cancelled.</summary>
    public string? Reason { get; init; }
    /// <summary>Runs that failed one after the other; at three the experiment pauses.</summary>
    public int ConsecutiveFailures { get; init; }
    public IReadOnlyList<ExperimentRun> Runs { get; init; } = [];

    /// <summary>Counts and ETA, computed by the store when it hands the record out. Not stored.</summary>
    [BsonIgnore]
    public ExperimentProgress? Progress { get; init; }

    /// <summary>The run in progress, if any.</summary>
    public ExperimentRun? Current => Runs.FirstOrDefault(r => r.State == RunState.Running);
}
