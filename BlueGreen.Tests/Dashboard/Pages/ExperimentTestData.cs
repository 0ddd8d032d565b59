using BlueGreen.Core.Deployment;
using BlueGreen.Core.Experiments;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>
/// Experiment records for page tests: paper 002's preset (3 levels × None / Success / Fail × 10 runs) on <c>prod</c>,
/// its runs completed with made-up numbers. At Medium the Fail scenario has about 1 % errors (significantly more than
/// None); every other scenario has exactly None's error rates (not significant). Success adds 5 ms to the mean.
/// </summary>
internal static class ExperimentTestData
{
    public static readonly DateTimeOffset At = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);

    /// <param name="id">The experiment's id.</param>
    /// <param name="state">Its state.</param>
    /// <param name="completed">How many runs (in planned order) completed; the rest are pending.</param>
    /// <param name="running">Makes the run after the completed ones Running, with load test <c>lt-now</c>.</param>
    public static ExperimentRecord Paper002(string id, ExperimentState state = ExperimentState.Completed, int completed = 90, bool running = false)
    {
        var definition = ExperimentPresets.Create(ExperimentPresets.Paper002, "prod", 0.02, "1.0.0");
        var runs = ExperimentPlan.Create(definition)
            .Select(run => run.Index < completed ? Complete(run)
                : running && run.Index == completed ? run with { State = RunState.Running, StartedAt = At.AddSeconds(run.Index * 20), LoadTestId = "lt-now" }
                : run)
            .ToList();
        return new ExperimentRecord
        {
            Id = id,
            Definition = definition,
            State = state,
            RequestedBy = "tester",
            CreatedAt = At,
            EndedAt = state is ExperimentState.Completed or ExperimentState.Cancelled or ExperimentState.Failed ? At.AddHours(1) : null,
            Runs = runs,
        };
    }

    /// <summary><paramref name="run"/> completed with its made-up numbers and, for a deployment scenario, its deployment's health.</summary>
    public static ExperimentRun Complete(ExperimentRun run) => run with
    {
        State = RunState.Completed,
        StartedAt = At.AddSeconds(run.Index * 20),
        EndedAt = At.AddSeconds(run.Index * 20 + 15),
        LoadTestId = $"lt-{run.Index}",
        DeploymentId = run.Scenario == "None" ? null : $"d-{run.Index}",
        Measured = Measure(run),
        Deployment = run.Scenario == "None" ? null : new DeploymentHealth
        {
            DeploymentId = $"d-{run.Index}",
            State = run.Scenario == "Fail" ? DeploymentState.Failed : DeploymentState.Succeeded,
            SwitchLost = run.Scenario == "Fail" ? 0 : 2,
        },
    };

    /// <summary>The error rate a run of <paramref name="level"/> and <paramref name="scenario"/> measured at <paramref name="repetition"/>.</summary>
    public static double ErrorRate(string level, string scenario, int repetition)
        => ((level, scenario) == ("Medium", "Fail") ? 1.0 : 0.01) + repetition % 3 * 0.01;

    private static RunMeasurement Measure(ExperimentRun run)
    {
        var errors = ErrorRate(run.Level, run.Scenario, run.Repetition);
        var mean = run.Level switch { "Low" => 10, "Medium" => 20, _ => 30 } + (run.Scenario == "Success" ? 5 : 0) + run.Repetition * 0.5;
        return new RunMeasurement
        {
            Seconds = 6,
            Intended = 600,
            Sent = 600,
            Ok = 594,
            Failed = 6,
            ErrorRatePercent = errors,
            LossPercent = errors,
            MeanMs = mean,
            P50Ms = mean * 0.8,
            P99Ms = mean * 3,
            MaxMs = mean * 10,
            ThroughputPerSecond = 99,
        };
    }
}
