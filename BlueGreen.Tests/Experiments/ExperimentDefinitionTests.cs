using BlueGreen.Core.Environments;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting;

namespace BlueGreen.Tests.Experiments;

public class ExperimentDefinitionTests
{
    private static readonly LoadTestOptions s_limits = new();
    private static readonly EnvironmentCatalog s_catalog = new([ExperimentTestData.Environment()]);

    private static IReadOnlyList<ExperimentProblem> Problems(ExperimentDefinition definition) => definition.Validate(s_limits, s_catalog);

    [Fact]
    public void Validate_Tiny_NoProblems() => Assert.Empty(Problems(ExperimentTestData.Tiny()));

    [Theory]
    [InlineData("rate", "levels[0].ratePerClient")]
    [InlineData("duration", "levels[0].durationSeconds")]
    [InlineData("cap", "levels[0].inFlightCapPerClient")]
    [InlineData("version", "scenarios[1].version")]
    [InlineData("noneVersion", "scenarios[0].version")]
    [InlineData("environment", "environment")]
    [InlineData("baseline", "baselineVersion")]
    [InlineData("repetitions", "repetitions")]
    [InlineData("deployAt", "deployAtSeconds")]
    [InlineData("duplicateScenario", "scenarios[1].name")]
    [InlineData("duringWithoutDeployment", "scenarios[0].measure")]
    public void Validate_OneBadValue_NamedOnItsField(string bad, string field)
    {
        var tiny = ExperimentTestData.Tiny();
        var level = tiny.Levels[0];
        var definition = bad switch
        {
            "rate" => tiny with { Levels = [level with { RatePerClient = 0 }] },
            "duration" => tiny with { Levels = [level with { DurationSeconds = 0.5 }] },
            "cap" => tiny with { Levels = [level with { InFlightCapPerClient = 0 }] },
            "version" => tiny with { Scenarios = [tiny.Scenarios[0], tiny.Scenarios[1] with { Version = null }, tiny.Scenarios[2]] },
            "noneVersion" => tiny with { Scenarios = [tiny.Scenarios[0] with { Version = "2.0.0" }, tiny.Scenarios[1], tiny.Scenarios[2]] },
            "environment" => tiny with { Environment = "nope" },
            "baseline" => tiny with { BaselineVersion = "1.0;rm" },
            "repetitions" => tiny with { Repetitions = 0 },
            // After the run's end (8 s): no deployment would start inside it.
            "deployAt" => tiny with { DeployAtSeconds = 60 },
            "duplicateScenario" => tiny with { Scenarios = [tiny.Scenarios[0], tiny.Scenarios[0], tiny.Scenarios[2]] },
            "duringWithoutDeployment" => tiny with { Scenarios = [tiny.Scenarios[0] with { Measure = MeasureWindow.During }, tiny.Scenarios[1]] },
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };

        var problems = Problems(definition);

        Assert.Contains(problems, p => p.Field == field);
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Fix)));
    }

    [Fact]
    public void Validate_EnvironmentWithTheApprovalGate_RefusedSayingItRunsUnattended()
    {
        var gated = ExperimentTestData.Environment();
        gated.Deployment.RequireApproval = true;

        var problem = Assert.Single(ExperimentTestData.Tiny().Validate(s_limits, new EnvironmentCatalog([gated])));

        Assert.Equal("environment", problem.Field);
        Assert.Contains("unattended", problem.Problem);
    }

    [Fact]
    public void Validate_MoreRunsThanAllowed_Refused()
    {
        var big = ExperimentTestData.Tiny(repetitions: 100) with
        {
            Levels = [.. Enumerable.Range(0, 5).Select(i => ExperimentTestData.Tiny().Levels[0] with { Name = $"l{i}" })],
        };

        Assert.Contains(Problems(big), p => p.Field == "repetitions" && p.Problem.Contains("1500 runs", StringComparison.Ordinal));
    }

    [Fact]
    public void SpecFor_DeployingScenario_DeploysItsVersionAtTheOffset()
    {
        var tiny = ExperimentTestData.Tiny();

        var none = tiny.SpecFor(tiny.Levels[0], tiny.Scenarios[0]);
        var fail = tiny.SpecFor(tiny.Levels[0], tiny.Scenarios[2]);

        Assert.Null(none.DeployAt);
        Assert.Null(none.DeployVersion);
        Assert.Equal((TimeSpan.FromSeconds(3), "9.9.9-broken"), (fail.DeployAt!.Value, fail.DeployVersion));
        Assert.Equal((100, 2, TimeSpan.FromSeconds(8)), (fail.RatePerClient, fail.Clients, fail.Duration!.Value));
    }
}
