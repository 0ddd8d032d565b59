using BlueGreen.Core.Experiments;
using BlueGreen.Tests.Experiments;

namespace BlueGreen.Tests.Reports;

/// <summary>Completed experiments with known values, for the figures and the HTML report.</summary>
internal static class ReportTestData
{
    public static readonly DateTimeOffset At = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The tiny experiment with <paramref name="repetitions"/> runs per scenario: None 0 % errors, Success 0 %, Fail
    /// 1, 2, 3… %; mean response time 10 / 20 / 30 ms by scenario plus the repetition (11, 12, 13 for None).
    /// </summary>
    public static ExperimentRecord Tiny(int repetitions = 3, ExperimentDefinition? definition = null, string name = "tiny")
    {
        definition ??= ExperimentTestData.Tiny(repetitions) with { Name = name };
        return new ExperimentRecord
        {
            Id = "ex-20261206-100000-abcdef",
            Definition = definition,
            State = ExperimentState.Completed,
            CreatedAt = At,
            EndedAt = At.AddMinutes(5),
            Runs = [.. ExperimentPlan.Create(definition).Select(Complete)],
        };
    }

    public static ExperimentRun Complete(ExperimentRun run)
    {
        var scenario = run.Scenario switch { "None" => 0, "Success" => 1, _ => 2 };
        var errors = scenario == 2 ? run.Repetition : 0.0;
        var mean = 10.0 * (scenario + 1) + run.Repetition;
        return run with
        {
            State = RunState.Completed,
            StartedAt = At.AddSeconds(run.Index * 20),
            EndedAt = At.AddSeconds(run.Index * 20 + 10),
            Measured = new RunMeasurement
            {
                Seconds = 8, Intended = 1000, Sent = 1000, Ok = 1000 - (long)(errors * 10), Failed = (long)(errors * 10),
                ErrorRatePercent = errors, LossPercent = errors, MeanMs = mean, P50Ms = mean, P99Ms = mean * 3, MaxMs = mean * 10, ThroughputPerSecond = 125,
            },
            Deployment = scenario == 0 ? null : new DeploymentHealth
            {
                DeploymentId = $"d-{run.Index}",
                State = scenario == 1 ? Core.Deployment.DeploymentState.Succeeded : Core.Deployment.DeploymentState.Failed,
            },
        };
    }
}
