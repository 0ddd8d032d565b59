namespace BlueGreen.Core.Experiments;

/// <summary>
/// Runs one run of an experiment on its environment: restores the baseline, runs the load test with the scenario's
/// deployment, waits for both to end and measures. <see cref="RunExecutor"/> drives the real engine and load tests;
/// the runner's tests use a fake.
/// </summary>
public interface IRunExecutor
{
    /// <summary>
    /// Runs <paramref name="run"/> of <paramref name="experiment"/>. Reports what it learns as it goes through
    /// <paramref name="update"/> (e.g. the load test's id, so pages can show it live). Returns Failed with the reason
    /// for anything the run's own conditions cause (environment unreachable, baseline not restorable, load test
    /// error); throws only for <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// </summary>
    Task<RunOutcome> ExecuteAsync(ExperimentRecord experiment, ExperimentRun run, Func<Func<ExperimentRun, ExperimentRun>, ExperimentRun> update, CancellationToken cancellationToken);
}
