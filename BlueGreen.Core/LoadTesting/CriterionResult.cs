namespace BlueGreen.Core.LoadTesting;

/// <summary>One criterion of a load test as evaluated at its end: what was measured against what, and whether it held.</summary>
public sealed record CriterionResult
{
    /// <summary>The criterion as text, e.g. <c>p99 during &lt;= 2 x p99 before</c>.</summary>
    public string Text { get; init; } = "";

    /// <summary>The value measured in the criterion's phase (in the metric's unit); null when it could not be measured.</summary>
    public double? Measured { get; init; }

    /// <summary>The threshold compared with (a relative one worked out: factor x the other phase's value); null when unknown.</summary>
    public double? Threshold { get; init; }

    /// <summary>The unit of <see cref="Measured"/> and <see cref="Threshold"/>: <c>%</c>, <c>ms</c> or <c>/s</c>.</summary>
    public string Unit { get; init; } = "";

    /// <summary>True when it held, false when it did not; null when it was not evaluated (see <see cref="Note"/>).</summary>
    public bool? Passed { get; init; }

    /// <summary>Why it was not evaluated, or null.</summary>
    public string? Note { get; init; }
}
