namespace BlueGreen.Core.Statistics;

/// <summary>What a published value beside a report is.</summary>
public enum ReferenceKind
{
    /// <summary>A cell's mean of a metric over its repetitions (paper 002's Tables 4.1-4.3).</summary>
    Mean,

    /// <summary>The p-value of Student's pooled t test against the baseline (paper 002's Tables 5.1-5.3).</summary>
    StudentP,
}
