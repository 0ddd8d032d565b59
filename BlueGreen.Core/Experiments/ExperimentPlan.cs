namespace BlueGreen.Core.Experiments;

/// <summary>
/// The order of an experiment's runs: repetition by repetition, every level in each, and within a level the scenarios
/// in an order that rotates from one level and repetition to the next. So no scenario runs all first or all last, and
/// drift over time (a warming cache, a neighbour's load) spreads over every scenario instead of biasing one.
/// </summary>
public static class ExperimentPlan
{
    public static IReadOnlyList<ExperimentRun> Create(ExperimentDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var runs = new List<ExperimentRun>();
        var scenarios = definition.Scenarios;
        var rounds = scenarios.Count == 0 ? 0 : scenarios.Max(definition.RepetitionsOf);
        for (var repetition = 1; repetition <= rounds; repetition++)
        {
            for (var l = 0; l < definition.Levels.Count; l++)
            {
                for (var k = 0; k < scenarios.Count; k++)
                {
                    var scenario = scenarios[(k + repetition - 1 + l) % scenarios.Count];
                    if (repetition <= definition.RepetitionsOf(scenario))
                    {
                        runs.Add(new ExperimentRun
                        {
                            Index = runs.Count,
                            Level = definition.Levels[l].Name,
                            Scenario = scenario.DisplayName,
                            Repetition = repetition,
                            State = RunState.Pending,
                        });
                    }
                }
            }
        }
        return runs;
    }
}
