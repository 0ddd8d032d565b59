using BlueGreen.Core.Experiments;

namespace BlueGreen.Tests.Experiments;

/// <summary>What each state of an experiment allows: the one rule set the runner and the pages read.</summary>
public sealed class ExperimentRulesTests
{
    private static ExperimentRecord Experiment(ExperimentState state, bool pauseRequested = false) => new() { Id = "ex-1", State = state, PauseRequested = pauseRequested };

    [Theory]
    [InlineData(ExperimentState.Pending, new[] { ExperimentAction.Pause, ExperimentAction.Cancel })]
    [InlineData(ExperimentState.Running, new[] { ExperimentAction.Pause, ExperimentAction.Cancel })]
    [InlineData(ExperimentState.Paused, new[] { ExperimentAction.Resume, ExperimentAction.Cancel })]
    [InlineData(ExperimentState.Completed, new ExperimentAction[0])]
    [InlineData(ExperimentState.Cancelled, new ExperimentAction[0])]
    [InlineData(ExperimentState.Failed, new ExperimentAction[0])]
    public void Allowed_ByState(ExperimentState state, ExperimentAction[] expected)
        => Assert.Equal(expected, ExperimentRules.Allowed(Experiment(state)));

    [Fact]
    public void Allowed_PauseAlreadyRequested_OnlyCancel()
    {
        var experiment = Experiment(ExperimentState.Running, pauseRequested: true);

        Assert.Equal([ExperimentAction.Cancel], ExperimentRules.Allowed(experiment));
        Assert.Equal("Experiment ex-1 pauses already when its current run ends.", ExperimentRules.Refusal(experiment, ExperimentAction.Pause));
    }

    [Fact]
    public void Refusal_Ended_SaysWhy()
        => Assert.Equal("Experiment ex-1 is Completed; it has ended already.", ExperimentRules.Refusal(Experiment(ExperimentState.Completed), ExperimentAction.Cancel));
}
