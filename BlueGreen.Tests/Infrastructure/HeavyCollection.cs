namespace BlueGreen.Tests.Infrastructure;

/// <summary>
/// Tests that start whole labs, dashboards or browsers, or assert zero lost requests under load. They run one at a
/// time, never beside other tests: on a 2-core machine a parallel neighbour starves the processes they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyCollection
{
    public const string Name = "Heavy (runs alone)";
}
