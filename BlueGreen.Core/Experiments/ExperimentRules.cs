namespace BlueGreen.Core.Experiments;

/// <summary>
/// What an operator may do with an experiment, decided here only: the runner refuses with <see cref="Refusal"/>'s
/// reason and the pages show the buttons <see cref="Allowed"/> lists. Pure: from the record alone (that another
/// experiment is running is the runner's to say, when asked).
/// </summary>
public static class ExperimentRules
{
    private static readonly ExperimentAction[] s_actions = Enum.GetValues<ExperimentAction>();

    /// <summary>The actions <paramref name="experiment"/> allows now.</summary>
    public static IReadOnlyList<ExperimentAction> Allowed(ExperimentRecord experiment)
        => [.. s_actions.Where(a => Refusal(experiment, a) is null)];

    /// <summary>Why <paramref name="action"/> is refused for <paramref name="experiment"/> now, or null when it is allowed.</summary>
    public static string? Refusal(ExperimentRecord experiment, ExperimentAction action)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        var e = experiment;
        return action switch
        {
            ExperimentAction.Pause => e.State switch
            {
                ExperimentState.Running or ExperimentState.Pending when e.PauseRequested => $"Experiment {e.Id} pauses already when its current run ends.",
                ExperimentState.Running or ExperimentState.Pending => null,
                _ => $"Experiment {e.Id} is {e.State}; only a running experiment can be paused.",
            },
            ExperimentAction.Resume => e.State == ExperimentState.Paused
                ? null
                : $"Experiment {e.Id} is {e.State}; only a paused experiment can be resumed.",
            ExperimentAction.Cancel => e.State is ExperimentState.Running or ExperimentState.Paused or ExperimentState.Pending
                ? null
                : $"Experiment {e.Id} is {e.State}; it has ended already.",
            _ => throw new ArgumentOutOfRangeException(nameof(action), action, null),
        };
    }
}
