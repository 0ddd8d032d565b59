namespace BlueGreen.Core.LoadTesting.Phases;

/// <summary>A window of a load test relative to a deployment (papers 000 and 002 measure all three).</summary>
public enum Phase
{
    /// <summary>Before the deployment started (the whole run when there was none).</summary>
    Before,

    /// <summary>Any second that overlaps the deployment.</summary>
    During,

    /// <summary>After the deployment ended.</summary>
    After,
}
