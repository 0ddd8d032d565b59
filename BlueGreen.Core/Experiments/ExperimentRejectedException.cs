namespace BlueGreen.Core.Experiments;

/// <summary>An experiment request or action was refused; <see cref="Problems"/> lists every problem of an invalid definition.</summary>
public sealed class ExperimentRejectedException(ExperimentRejection kind, string message, IReadOnlyList<ExperimentProblem>? problems = null, string? runningId = null)
    : Exception(message)
{
    public ExperimentRejection Kind { get; } = kind;
    public IReadOnlyList<ExperimentProblem> Problems { get; } = problems ?? [];
    /// <summary>The experiment already running, for a conflict.</summary>
    public string? RunningId { get; } = runningId;
}
