using Microsoft.Extensions.Logging;

namespace BlueGreen.Core.Experiments;

public sealed partial class ExperimentRunner
{
    // Call holding _lock.
    private void Launch(string id)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var active = new Active(id, cancel);
        _active = active;
        active.Loop = Task.Run(() => LoopAsync(active));
    }

    /// <summary>Run after run until none is left, or a pause, a cancel, three failures in a row, or the dashboard stopping.</summary>
    private async Task LoopAsync(Active active)
    {
        var id = active.Id;
        try
        {
            while (true)
            {
                var experiment = store.Find(id);
                if (experiment is null || experiment.State != ExperimentState.Running)
                {
                    return;
                }
                if (experiment.PauseRequested)
                {
                    Mutate(id, e => e with { State = ExperimentState.Paused, PauseRequested = false, Reason = e.Reason?.Replace(" it pauses when the current run ends.", "", StringComparison.Ordinal) });
                    LogPaused(id, "requested");
                    return;
                }
                if (experiment.Runs.FirstOrDefault(r => r.State == RunState.Pending) is not { } next)
                {
                    Mutate(id, e => e with { State = ExperimentState.Completed, EndedAt = timeProvider.GetUtcNow() });
                    LogCompleted(id, experiment.Runs.Count(r => r.State == RunState.Completed), experiment.Runs.Count);
                    return;
                }
                if (catalog.Find(experiment.Definition.Environment) is null)
                {
                    Mutate(id, e => e with
                    {
                        State = ExperimentState.Failed,
                        EndedAt = timeProvider.GetUtcNow(),
                        Reason = $"Environment {e.Definition.Environment} is no longer configured; the remaining runs cannot run there.",
                    });
                    return;
                }
                if (!await RunOneAsync(active, experiment, next).ConfigureAwait(false))
                {
                    return;
                }
                await Task.Delay(TimeSpan.FromSeconds(experiment.Definition.CooldownSeconds), timeProvider, active.Cancel.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled during a cool-down, or the dashboard is stopping: the state says which already.
        }
        catch (Exception ex)
        {
            // A bug here must not leave the experiment claiming to run: say so on it.
            LogLoopFailed(ex, id);
            Mutate(id, e => e.State == ExperimentState.Running
                ? e with { State = ExperimentState.Paused, Reason = $"The runner stopped on an unexpected error: {ex.Message} Resume to go on." }
                : e);
        }
        finally
        {
            lock (_lock)
            {
                if (ReferenceEquals(_active, active))
                {
                    _active = null;
                }
            }
            active.Cancel.Dispose();
        }
    }

    /// <summary>One run, recorded as it goes. False when the loop must stop (cancelled, stopping, or paused after failures).</summary>
    private async Task<bool> RunOneAsync(Active active, ExperimentRecord experiment, ExperimentRun next)
    {
        var id = active.Id;
        var index = next.Index;
        ExperimentRun UpdateRun(Func<ExperimentRun, ExperimentRun> change)
            => Mutate(id, e => e with { Runs = [.. e.Runs.Select(r => r.Index == index ? change(r) : r)] }).Runs[index];

        var run = UpdateRun(r => r with { State = RunState.Running, StartedAt = timeProvider.GetUtcNow() });
        LogRunStarted(id, index + 1, experiment.Runs.Count, run.Level, run.Scenario, run.Repetition);
        RunOutcome outcome;
        try
        {
            outcome = await executor.ExecuteAsync(experiment, run, UpdateRun, active.Cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            UpdateRun(r => r with { State = RunState.Interrupted, EndedAt = timeProvider.GetUtcNow(), Error = "The dashboard stopped during this run; it is not repeated." });
            return false;
        }
        catch (OperationCanceledException)
        {
            UpdateRun(r => r with { State = RunState.Cancelled, EndedAt = timeProvider.GetUtcNow(), Error = "The experiment was cancelled during this run." });
            return false;
        }
        catch (Exception ex)
        {
            LogRunFailed(ex, id, index + 1);
            outcome = RunOutcome.Failure($"Unexpected error: {ex.Message}");
        }

        var failed = outcome.State == RunState.Failed;
        var saved = Mutate(id, e =>
        {
            var failures = failed ? e.ConsecutiveFailures + 1 : 0;
            var runs = e.Runs.Select(r => r.Index == index
                ? r with
                {
                    State = outcome.State,
                    EndedAt = timeProvider.GetUtcNow(),
                    Error = outcome.Error,
                    Measured = outcome.Measured,
                    PerClient = outcome.PerClient,
                    Deployment = outcome.Deployment,
                }
                : r);
            var pause = failures >= MaxConsecutiveFailures && e.State == ExperimentState.Running;
            return e with
            {
                Runs = [.. runs],
                ConsecutiveFailures = failures,
                State = pause ? ExperimentState.Paused : e.State,
                Reason = pause
                    ? $"{failures} runs failed in a row; the last: {outcome.Error} Fix the cause (the Overview shows the environment), then resume."
                    : e.Reason,
            };
        });
        LogRunEnded(id, index + 1, outcome.State, outcome.Error);
        if (saved.State == ExperimentState.Paused && failed)
        {
            LogPaused(id, saved.Reason ?? "");
        }
        return saved.State == ExperimentState.Running;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id} ({Name}) started: {Runs} runs, requested by {By}")]
    private partial void LogStarted(string id, string name, int runs, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id} resumed by {By}")]
    private partial void LogResumed(string id, string by);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {Id} was running when the dashboard stopped; it goes on with its next run")]
    private partial void LogResumedAfterRestart(string id);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id} cancelled by {By}")]
    private partial void LogCancelled(string id, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id} paused: {Reason}")]
    private partial void LogPaused(string id, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id} completed: {Completed} of {Runs} runs completed")]
    private partial void LogCompleted(string id, int completed, int runs);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id}: run {Number} of {Runs} ({Level}, {Scenario}, repetition {Repetition}) started")]
    private partial void LogRunStarted(string id, int number, int runs, string level, string scenario, int repetition);

    [LoggerMessage(Level = LogLevel.Information, Message = "Experiment {Id}: run {Number} ended {State} {Error}")]
    private partial void LogRunEnded(string id, int number, RunState state, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Experiment {Id}: run {Number} failed unexpectedly")]
    private partial void LogRunFailed(Exception exception, string id, int number);

    [LoggerMessage(Level = LogLevel.Error, Message = "Experiment {Id}: the runner stopped on an unexpected error")]
    private partial void LogLoopFailed(Exception exception, string id);
}
