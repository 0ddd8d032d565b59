using BlueGreen.Core.Experiments;

namespace BlueGreen.Tests.Experiments;

public class ExperimentPlanTests
{
    [Fact]
    public void Create_Tiny_EveryScenarioRepeatedAndInterleaved()
    {
        var runs = ExperimentPlan.Create(ExperimentTestData.Tiny(repetitions: 3));

        Assert.Equal(9, runs.Count);
        Assert.Equal(Enumerable.Range(0, 9), runs.Select(r => r.Index));
        Assert.All(runs.GroupBy(r => r.Scenario), g => Assert.Equal([1, 2, 3], g.Select(r => r.Repetition)));
        // The order rotates: the first run of each round is another scenario.
        Assert.Equal(["None", "Success", "Fail"], runs.Where(r => r.Index % 3 == 0).Select(r => r.Scenario));
        // Never all of one scenario first.
        Assert.NotEqual(["None", "None", "None"], runs.Take(3).Select(r => r.Scenario));
    }

    [Fact]
    public void Create_Paper000_FiveThreeFiveRunsPerLevel()
    {
        var runs = ExperimentPlan.Create(ExperimentPresets.Create(ExperimentPresets.Paper000, "lab", 0.1, "1.0.0"));

        Assert.Equal(8 * (5 + 3 + 5), runs.Count);
        Assert.All(runs.GroupBy(r => r.Level), level =>
        {
            Assert.Equal(5, level.Count(r => r.Scenario == "Before"));
            Assert.Equal(3, level.Count(r => r.Scenario == "During"));
            Assert.Equal(5, level.Count(r => r.Scenario == "After"));
        });
        // Rounds 4 and 5 hold no During run: it had three.
        Assert.DoesNotContain(runs, r => r.Scenario == "During" && r.Repetition > 3);
    }
}
