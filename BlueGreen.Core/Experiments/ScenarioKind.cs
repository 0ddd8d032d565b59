namespace BlueGreen.Core.Experiments;

/// <summary>What happens to the service during an experiment's run (paper 002's three scenarios).</summary>
public enum ScenarioKind
{
    /// <summary>No deployment: the baseline version serves throughout.</summary>
    None,
    /// <summary>A deployment of a working version starts at the experiment's deploy-at second.</summary>
    Success,
    /// <summary>A deployment of a broken version (one that fails its smoke tests, or its watch) starts at deploy-at.</summary>
    Fail,
}
