namespace BlueGreen.Core.LoadTesting;

/// <summary>What a load test's criteria say once it has ended (see docs/loadtests.md, "Thresholds and verdict").</summary>
public enum LoadTestVerdict
{
    /// <summary>The test has no criteria.</summary>
    None,

    /// <summary>Every criterion held.</summary>
    Passed,

    /// <summary>At least one criterion did not hold.</summary>
    Failed,

    /// <summary>None failed, but at least one could not be measured (e.g. its phase had no second), or the test is still running.</summary>
    NotEvaluated,
}
