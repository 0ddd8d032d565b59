using BlueGreen.Core.Experiments;

namespace BlueGreen.Tests.Experiments;

/// <summary>
/// Stands in for the real executor in the runner's tests: records every run it is asked for, and answers with
/// <see cref="Answer"/> (a completed run with a made-up measurement unless told otherwise). A run can be held open
/// (<see cref="Hold"/>) to pause, cancel or "crash" the runner in the middle of it.
/// </summary>
internal sealed class FakeRunExecutor : IRunExecutor
{
    private readonly Lock _lock = new();
    private readonly List<int> _executed = [];

    /// <summary>Runs started, by index, in order.</summary>
    public IReadOnlyList<int> Executed
    {
        get
        {
            lock (_lock)
            {
                return [.. _executed];
            }
        }
    }

    /// <summary>How a run ends; by default it completes.</summary>
    public Func<ExperimentRun, RunOutcome> Answer { get; set; } = run => new RunOutcome
    {
        State = RunState.Completed,
        Measured = new RunMeasurement { Seconds = 8, Intended = 1600, Sent = 1600, Ok = 1600, MeanMs = 1 + run.Index, P50Ms = 1, P99Ms = 5, MaxMs = 9, ThroughputPerSecond = 200 },
    };

    /// <summary>The run (by index) that waits for <see cref="Release"/> (or its cancellation) before answering.</summary>
    public int? Hold { get; set; }

    /// <summary>Completes when the held run has started.</summary>
    public TaskCompletionSource HeldStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task<RunOutcome> ExecuteAsync(ExperimentRecord experiment, ExperimentRun run, Func<Func<ExperimentRun, ExperimentRun>, ExperimentRun> update, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _executed.Add(run.Index);
        }
        update(r => r with { LoadTestId = $"lt-fake-{run.Index}" });
        if (Hold == run.Index)
        {
            HeldStarted.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }
        return Answer(run);
    }
}
