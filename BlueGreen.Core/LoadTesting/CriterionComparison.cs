namespace BlueGreen.Core.LoadTesting;

/// <summary>How a measured value must compare with a <see cref="LoadTestCriterion"/>'s threshold to pass.</summary>
public enum CriterionComparison
{
    /// <summary><c>&lt;=</c></summary>
    AtMost,

    /// <summary><c>&lt;</c></summary>
    Below,

    /// <summary><c>&gt;=</c></summary>
    AtLeast,

    /// <summary><c>&gt;</c></summary>
    Above,
}
