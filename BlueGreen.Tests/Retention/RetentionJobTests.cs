using BlueGreen.Core;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.Retention;
using BlueGreen.Core.Storage;
using BlueGreen.Tests.Infrastructure;
using BlueGreen.Tests.LoadTesting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BlueGreen.Tests.Retention;

/// <summary>
/// The retention job on real stores in a LiteDB file: what it deletes (with logs, events and samples) and what it
/// never deletes (running work, the rollback target, what an experiment's report needs).
/// </summary>
public sealed class RetentionJobTests : IDisposable
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Integration.TempFolder("retention");
    private readonly BlueGreenDatabase _database;
    private readonly DeploymentStore _deployments;
    private readonly LoadTestStore _loadTests;
    private readonly ExperimentStore _experiments;

    public RetentionJobTests()
    {
        _database = new BlueGreenDatabase(Path.Combine(_folder, "bluegreen.db"));
        _deployments = new DeploymentStore(_database, TimeProvider.System);
        _loadTests = new LoadTestStore(_database);
        _experiments = new ExperimentStore(_database, TimeProvider.System);
    }

    [Fact]
    public void KeepDays_DeletesOlderFinishedRunsWithTheirLogsEventsAndSamples_KeepsActiveRollbackTargetAndExperimentRuns()
    {
        // Ten days of deployments on "lab", one a day, the newest first switched; plus an old one still running.
        for (var day = 0; day < 10; day++)
        {
            Deployment($"d{day}", "lab", s_now.AddDays(-day), day == 5 ? DeploymentState.Succeeded : DeploymentState.Failed, switched: day == 5);
        }
        Deployment("running", "lab", s_now.AddDays(-30), DeploymentState.Updating);
        LoadTest("t-old", "lab", s_now.AddDays(-9));
        LoadTest("t-new", "lab", s_now.AddDays(-1));
        LoadTest("t-experiment", "lab", s_now.AddDays(-9));
        _experiments.Save(new ExperimentRecord
        {
            Id = "e1", CreatedAt = s_now.AddDays(-9), State = ExperimentState.Completed,
            Runs = [new ExperimentRun { Index = 0, LoadTestId = "t-experiment", DeploymentId = "d8", State = RunState.Completed }],
        });

        var result = Job(new RetentionOptions { KeepDays = 3 }).Apply(s_now);

        // Older than 3 days: d4..d9 (d3 is exactly 3 days old), less d5 (the latest switched: the rollback target) and
        // d8 (an experiment's run).
        Assert.Equal(4, result.Deployments);
        Assert.Equal(1, result.LoadTests);
        Assert.Equal(2, result.KeptForExperiments);
        Assert.Equal(["d0", "d1", "d2", "d3", "d5", "d8", "running"], _deployments.List(null, 100).Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Empty(_deployments.Logs("d4"));
        Assert.Empty(_deployments.EventsOf("d4"));
        Assert.Single(_deployments.Logs("d2"));
        Assert.Null(_loadTests.Find("t-old"));
        Assert.Empty(_loadTests.Samples("t-old", includeClients: true));
        Assert.NotNull(_loadTests.Find("t-new"));
        Assert.Single(_loadTests.Samples("t-experiment", includeClients: false));
    }

    [Fact]
    public void KeepRunsPerEnvironment_KeepsTheNewestOfEachEnvironment_AndWithKeepDaysOnlyWhatBothAllowGoes()
    {
        for (var i = 0; i < 6; i++)
        {
            Deployment($"lab{i}", "lab", s_now.AddDays(-i), DeploymentState.Failed);
            Deployment($"prod{i}", "prod", s_now.AddHours(-i), DeploymentState.Aborted);
        }

        // Newest 4 per environment, and older than 2 days: only lab4 and lab5 go (prod's are all recent).
        var both = Job(new RetentionOptions { KeepRunsPerEnvironment = 4, KeepDays = 2 }).Apply(s_now);
        Assert.Equal(2, both.Deployments);
        Assert.Equal(4, _deployments.List("lab").Count);
        Assert.Equal(6, _deployments.List("prod").Count);

        var runsOnly = Job(new RetentionOptions { KeepRunsPerEnvironment = 2 }).Apply(s_now);
        Assert.Equal(6, runsOnly.Deployments);
        Assert.Equal(["lab0", "lab1"], _deployments.List("lab").Select(d => d.Id));
        Assert.Equal(["prod0", "prod1"], _deployments.List("prod").Select(d => d.Id));
    }

    [Fact]
    public void Off_DeletesNothing()
    {
        Deployment("ancient", "lab", s_now.AddYears(-5), DeploymentState.Failed);
        Assert.Equal(new RetentionResult(0, 0, 0), Job(new RetentionOptions()).Apply(s_now));
        Assert.NotNull(_deployments.Find("ancient"));
    }

    [Fact]
    public void Events_QueriedInTheFile_OnlyTheEnvironmentsWithinTheRange()
    {
        foreach (var (env, minutes) in new[] { ("lab", -10), ("lab", 0), ("lab", 10), ("prod", 0) })
        {
            _deployments.AddEvent(new DeploymentEvent { Environment = env, DeploymentId = $"{env}{minutes}", At = s_now.AddMinutes(minutes), Kind = DeploymentEventKind.Switched });
        }
        var found = _deployments.Events("lab", s_now.AddMinutes(-1), s_now.AddMinutes(10));
        Assert.Equal(["lab0", "lab10"], found.Select(e => e.DeploymentId));
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private RetentionJob Job(RetentionOptions retention)
        => new(Options.Create(new BlueGreenOptions { Retention = retention }), _deployments, _loadTests, _experiments, TimeProvider.System, NullLogger<RetentionJob>.Instance);

    private void Deployment(string id, string environment, DateTimeOffset at, DeploymentState state, bool switched = false)
    {
        _deployments.Save(new DeploymentRecord
        {
            Id = id, Environment = environment, Version = "2.0.0", State = state, CreatedAt = at, UpdatedAt = at,
            SwitchedAt = switched ? at : null, FromGroup = switched ? Core.Environments.SiteGroup.Blue : null, ToGroup = switched ? Core.Environments.SiteGroup.Green : null,
        });
        _deployments.AddLog(new DeploymentLogLine { DeploymentId = id, At = at, Text = "line" });
        _deployments.AddEvent(new DeploymentEvent { Environment = environment, DeploymentId = id, At = at, Kind = DeploymentEventKind.Finished });
    }

    private void LoadTest(string id, string environment, DateTimeOffset at)
    {
        _loadTests.Save(new LoadTestRecord { Id = id, Environment = environment, CreatedAt = at, State = LoadTestState.Completed });
        _loadTests.AddSamples(id, [TestSamples.Second(0, ok: 10, latencyMs: 1)]);
    }
}
