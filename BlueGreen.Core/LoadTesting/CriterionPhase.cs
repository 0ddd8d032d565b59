namespace BlueGreen.Core.LoadTesting;

/// <summary>Which measured seconds a <see cref="LoadTestCriterion"/> reads: one phase, or all of them.</summary>
public enum CriterionPhase
{
    /// <summary>Before the deployment (the whole run when there was none).</summary>
    Before,

    /// <summary>Seconds that overlap the deployment.</summary>
    During,

    /// <summary>After the deployment ended.</summary>
    After,

    /// <summary>Every measured second (warm-up excluded); the default when the text names no phase.</summary>
    Whole,
}
