using BlueGreen.Core.Environments;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.Storage;
using BlueGreen.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlueGreen.Tests.Experiments;

/// <summary>The runner's bookkeeping on the real store (LiteDB in a temp folder) with a fake executor: order, resume
/// after a crash without repeating or losing a run, failures, pause / resume / cancel.</summary>
public sealed class ExperimentRunnerTests : IDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);
    private readonly string _folder = Integration.TempFolder("runner");
    private readonly BlueGreenDatabase _database;
    private readonly ExperimentStore _store;
    private readonly List<ExperimentRunner> _runners = [];

    public ExperimentRunnerTests()
    {
        _database = new BlueGreenDatabase(Path.Combine(_folder, "bluegreen.db"));
        _store = new ExperimentStore(_database, TimeProvider.System);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private ExperimentRunner Runner(FakeRunExecutor executor)
    {
        var options = ExperimentTestData.Options();
        var runner = new ExperimentRunner(_store, executor, new EnvironmentCatalog(options.Value.AllEnvironments()), options, TimeProvider.System, NullLogger<ExperimentRunner>.Instance);
        _runners.Add(runner);
        return runner;
    }

    private async Task<ExperimentRecord> WaitForAsync(string id, Func<ExperimentRecord, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + s_patience;
        while (true)
        {
            var experiment = _store.Find(id)!;
            if (done(experiment))
            {
                return experiment;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Waited for {what}; the experiment is {experiment.State} ({experiment.Reason}).");
            await Task.Delay(20, Ct);
        }
    }

    [Fact]
    public async Task Start_Tiny_EveryRunOnceInPlanOrderThenCompleted()
    {
        var executor = new FakeRunExecutor();
        var started = Runner(executor).Start(ExperimentTestData.Tiny(), "tester");

        var done = await WaitForAsync(started.Id, e => e.State == ExperimentState.Completed, "the end");

        Assert.Equal(Enumerable.Range(0, 6), executor.Executed);
        Assert.All(done.Runs, r => Assert.Equal(RunState.Completed, r.State));
        Assert.All(done.Runs, r => Assert.Equal($"lt-fake-{r.Index}", r.LoadTestId));
        Assert.Equal((6, 6, 1.0), (done.Progress!.Ended, done.Progress.Completed, done.Progress.Fraction));
        Assert.NotNull(done.EndedAt);
    }

    [Fact]
    public async Task Restart_MidRun_ThatRunIsInterruptedTheNextRunsAndNothingRepeats()
    {
        var first = new FakeRunExecutor { Hold = 2 };
        var id = Runner(first).Start(ExperimentTestData.Tiny(), "tester").Id;
        await first.HeldStarted.Task.WaitAsync(s_patience, Ct);

        // The process dies here (the first runner is abandoned mid-run); a new one starts on the same database.
        var second = new FakeRunExecutor();
        await Runner(second).StartAsync(Ct);
        var done = await WaitForAsync(id, e => e.State == ExperimentState.Completed, "the resumed experiment to end");

        Assert.Equal([0, 1, 2], first.Executed);
        Assert.Equal([3, 4, 5], second.Executed);
        Assert.Equal(RunState.Interrupted, done.Runs[2].State);
        Assert.Contains("not repeated", done.Runs[2].Error);
        Assert.Equal(5, done.Runs.Count(r => r.State == RunState.Completed));
        Assert.Equal("lt-fake-1", done.Runs[1].LoadTestId);
    }

    [Fact]
    public async Task ThreeFailuresInARow_PausesSayingWhyAndResumeGoesOn()
    {
        var executor = new FakeRunExecutor { Answer = _ => RunOutcome.Failure("The environment cannot be read: connection refused") };
        var runner = Runner(executor);
        var id = runner.Start(ExperimentTestData.Tiny(), "tester").Id;

        var paused = await WaitForAsync(id, e => e.State == ExperimentState.Paused, "the pause");

        Assert.Equal([0, 1, 2], executor.Executed);
        Assert.Contains("3 runs failed in a row", paused.Reason);
        Assert.Contains("connection refused", paused.Reason);
        Assert.All(paused.Runs.Take(3), r => Assert.Equal((RunState.Failed, "The environment cannot be read: connection refused"), (r.State, r.Error)));
        Assert.All(paused.Runs.Skip(3), r => Assert.Equal(RunState.Pending, r.State));

        executor.Answer = new FakeRunExecutor().Answer;
        runner.Resume(id, "tester");
        var done = await WaitForAsync(id, e => e.State == ExperimentState.Completed, "the end after resume");

        // The failed runs are kept as they were, never retried.
        Assert.Equal(Enumerable.Range(0, 6), executor.Executed);
        Assert.Equal([RunState.Failed, RunState.Failed, RunState.Failed, RunState.Completed, RunState.Completed, RunState.Completed], done.Runs.Select(r => r.State));
    }

    [Fact]
    public async Task Pause_DuringARun_PausesWhenItEnds()
    {
        var executor = new FakeRunExecutor { Hold = 1 };
        var runner = Runner(executor);
        var id = runner.Start(ExperimentTestData.Tiny(), "tester").Id;
        await executor.HeldStarted.Task.WaitAsync(s_patience, Ct);

        var asked = runner.Pause(id, "alice");
        executor.Release.SetResult();
        var paused = await WaitForAsync(id, e => e.State == ExperimentState.Paused, "the pause");

        Assert.True(asked.PauseRequested);
        Assert.Equal(ExperimentState.Running, asked.State);
        Assert.Equal(RunState.Completed, paused.Runs[1].State);
        Assert.Equal([0, 1], executor.Executed);
        Assert.Null(runner.ActiveId);
        Assert.Contains("alice", paused.Reason);
    }

    [Fact]
    public async Task Cancel_DuringARun_ThatRunCancelledAndNoOtherStarts()
    {
        var executor = new FakeRunExecutor { Hold = 1 };
        var runner = Runner(executor);
        var id = runner.Start(ExperimentTestData.Tiny(), "tester").Id;
        await executor.HeldStarted.Task.WaitAsync(s_patience, Ct);

        runner.Cancel(id, "bob");
        var cancelled = await WaitForAsync(id, e => e.Runs[1].State == RunState.Cancelled, "the cancelled run");

        Assert.Equal(ExperimentState.Cancelled, cancelled.State);
        Assert.Contains("bob", cancelled.Reason);
        await Task.Delay(200, Ct);
        Assert.Equal([0, 1], executor.Executed);
        Assert.Throws<ExperimentRejectedException>(() => runner.Resume(id, "bob"));
    }

    [Fact]
    public async Task Start_WhileAnotherRuns_RefusedNamingIt()
    {
        var executor = new FakeRunExecutor { Hold = 0 };
        var runner = Runner(executor);
        var first = runner.Start(ExperimentTestData.Tiny(), "tester");
        await executor.HeldStarted.Task.WaitAsync(s_patience, Ct);

        var error = Assert.Throws<ExperimentRejectedException>(() => runner.Start(ExperimentTestData.Tiny(), "tester"));

        Assert.Equal(ExperimentRejection.Conflict, error.Kind);
        Assert.Equal(first.Id, error.RunningId);
        Assert.Single(_store.List());
    }

    [Fact]
    public void Start_Invalid_RefusedWithEveryProblemAndNothingStored()
    {
        var error = Assert.Throws<ExperimentRejectedException>(() => Runner(new FakeRunExecutor())
            .Start(ExperimentTestData.Tiny() with { Environment = "nope", Repetitions = 0 }, "tester"));

        Assert.Equal(ExperimentRejection.Invalid, error.Kind);
        Assert.Contains(error.Problems, p => p.Field == "environment");
        Assert.Contains(error.Problems, p => p.Field == "repetitions");
        Assert.Empty(_store.List());
    }

    public void Dispose()
    {
        foreach (var runner in _runners)
        {
            runner.StopAsync(CancellationToken.None).Wait(s_patience);
        }
        _database.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
