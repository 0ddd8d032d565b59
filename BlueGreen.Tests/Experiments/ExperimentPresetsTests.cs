using BlueGreen.Core;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Experiments;

namespace BlueGreen.Tests.Experiments;

public class ExperimentPresetsTests
{
    private static readonly BlueGreenOptions s_lab = new() { DataFolder = Path.GetTempPath() };

    [Fact]
    public void Paper002_AtScaleOne_ThePapersTargets()
    {
        var definition = ExperimentPresets.Create(ExperimentPresets.Paper002, "lab", 1, "1.0.0");

        Assert.Equal(["Low", "Medium", "High"], definition.Levels.Select(l => l.Name));
        Assert.Equal([100.0, 260, 300], definition.Levels.Select(l => l.RatePerClient));
        Assert.Equal([50, 260, 500], definition.Levels.Select(l => l.InFlightCapPerClient ?? 0));
        Assert.All(definition.Levels, l => Assert.Equal((300.0, 30.0), (l.DurationSeconds!.Value, l.RampUpSeconds)));
        Assert.Equal(["None", "Success", "Fail"], definition.ScenarioNames);
        Assert.Equal(10, definition.Repetitions);
        Assert.Equal(120, definition.DeployAtSeconds);
    }

    [Fact]
    public void Paper000_AtScaleOne_EightRatesTwoClientsFiveThousandRequestsNoKeepAlive()
    {
        var definition = ExperimentPresets.Create(ExperimentPresets.Paper000, "lab", 1, "1.0.0");

        Assert.Equal([100.0, 150, 200, 250, 300, 350, 400, 450], definition.Levels.Select(l => l.RatePerClient));
        Assert.All(definition.Levels, l => Assert.Equal((2, 5000L, false), (l.Clients, l.RequestsPerClient!.Value, l.KeepAlive)));
        Assert.Equal([5, 3, 5], definition.Scenarios.Select(definition.RepetitionsOf));
        Assert.Equal(MeasureWindow.During, definition.Scenarios[1].Measure);
        Assert.Equal("2.0.0", definition.Scenarios[2].BaselineVersion);
        Assert.True(definition.PerClient);
    }

    [Theory]
    [InlineData(ExperimentPresets.Paper000)]
    [InlineData(ExperimentPresets.Paper002)]
    public void Scaled_InTheLab_ValidAndNoRunShorterThanTheMinimum(string preset)
    {
        var definition = ExperimentPresets.Create(preset, "lab", 0.02, s_lab.Lab.InitialVersion);

        Assert.Empty(definition.Validate(s_lab.LoadTesting, new EnvironmentCatalog(s_lab.AllEnvironments())));
        Assert.All(definition.Levels, l => Assert.True(
            (l.DurationSeconds ?? l.RequestsPerClient!.Value / l.RatePerClient) >= ExperimentPresets.MinimumRunSeconds - 1e-9));
    }
}
