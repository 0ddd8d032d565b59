using BlueGreen.Core.LoadTesting;

namespace BlueGreen.Tests.LoadTesting.Criteria;

public sealed class LoadTestCriterionTests
{
    private static LoadTestCriterion Parse(string text)
    {
        var criterion = LoadTestCriterion.TryParse(text, "Criteria[0]", out var problem);
        Assert.True(criterion is not null, $"'{text}': {problem}");
        Assert.Null(problem);
        return criterion;
    }

    private static Core.LoadTesting.Generator.LoadTestProblem Problem(string? text)
    {
        var criterion = LoadTestCriterion.TryParse(text, "Criteria[1]", out var problem);
        Assert.Null(criterion);
        return Assert.IsType<Core.LoadTesting.Generator.LoadTestProblem>(problem);
    }

    [Theory]
    [InlineData("loss during <= 0 %", CriterionMetric.LossPercent, CriterionPhase.During, CriterionComparison.AtMost, 0)]
    [InlineData("error rate <= 0.1 %", CriterionMetric.ErrorRatePercent, CriterionPhase.Whole, CriterionComparison.AtMost, 0.1)]
    [InlineData("Errors after < 1", CriterionMetric.ErrorRatePercent, CriterionPhase.After, CriterionComparison.Below, 1)]
    [InlineData("p50 before<200ms", CriterionMetric.P50Ms, CriterionPhase.Before, CriterionComparison.Below, 200)]
    [InlineData("p95 whole <= 1e3 ms", CriterionMetric.P95Ms, CriterionPhase.Whole, CriterionComparison.AtMost, 1000)]
    [InlineData("mean during > 0.5", CriterionMetric.MeanMs, CriterionPhase.During, CriterionComparison.Above, 0.5)]
    [InlineData("throughput after >= 250/s", CriterionMetric.ThroughputPerSecond, CriterionPhase.After, CriterionComparison.AtLeast, 250)]
    public void TryParse_Absolute_ReadsMetricPhaseComparisonAndThreshold(string text, CriterionMetric metric, CriterionPhase phase, CriterionComparison comparison, double threshold)
    {
        var criterion = Parse(text);

        Assert.Equal(metric, criterion.Metric);
        Assert.Equal(phase, criterion.Phase);
        Assert.Equal(comparison, criterion.Comparison);
        Assert.Equal(threshold, criterion.Threshold);
        Assert.Null(criterion.RelativeTo);
    }

    [Theory]
    [InlineData("p99 during <= 2 x p99 before", 2, CriterionPhase.Before)]
    [InlineData("p99 during <= 2x before", 2, CriterionPhase.Before)]
    [InlineData("throughput after >= 0.9 × throughput before", 0.9, CriterionPhase.Before)]
    [InlineData("mean after < 1.5 * mean during", 1.5, CriterionPhase.During)]
    public void TryParse_Relative_ReadsTheFactorAndThePhase(string text, double factor, CriterionPhase relativeTo)
    {
        var criterion = Parse(text);

        Assert.Equal(factor, criterion.Threshold);
        Assert.Equal(relativeTo, criterion.RelativeTo);
    }

    [Theory]
    [InlineData("LOSS During <= 0%", "loss during <= 0 %")]
    [InlineData("error rate whole <= 0.10 %", "error rate <= 0.1 %")]
    [InlineData("errors <= 1", "error rate <= 1 %")]
    [InlineData("p99 during<=2x before", "p99 during <= 2 x p99 before")]
    [InlineData("throughput >= 250 /s", "throughput >= 250/s")]
    [InlineData("median after > 3", "p50 after > 3 ms")]
    public void Text_IsTheNormalForm_AndReadsBackTheSame(string typed, string normal)
    {
        var criterion = Parse(typed);

        Assert.Equal(normal, criterion.Text);
        Assert.Equal(criterion, Parse(criterion.Text));
    }

    [Theory]
    [InlineData(null, "Criteria[1]", "is empty.")]
    [InlineData("  ", "Criteria[1]", "is empty.")]
    [InlineData("loss during 0 %", "Criteria[1]", "needs exactly one comparison")]
    [InlineData("loss = 0", "Criteria[1]", "needs exactly one comparison")]
    [InlineData("0 <= loss <= 1", "Criteria[1]", "needs exactly one comparison")]
    [InlineData("p98 during <= 5 ms", "Criteria[1].metric", "'p98' is not a metric.")]
    [InlineData("p99 sometimes <= 5 ms", "Criteria[1].phase", "'sometimes' is not a phase.")]
    [InlineData("loss during <= lots", "Criteria[1].threshold", "'lots' does not start with a number.")]
    [InlineData("loss during <= 5 ms", "Criteria[1].threshold", "'ms' is not the unit of loss (%).")]
    [InlineData("loss during <= -1 %", "Criteria[1].threshold", "must not be negative (was -1 %).")]
    [InlineData("loss during <= 101 %", "Criteria[1].threshold", "a percentage is at most 100 (was 101 %).")]
    [InlineData("p99 during <= 2 x mean before", "Criteria[1].threshold", "compares p99 with 'mean'")]
    [InlineData("p99 during <= 2 x p99 during", "Criteria[1].threshold", "compares during with itself.")]
    [InlineData("p99 during <= 2 x", "Criteria[1].threshold", "names no phase")]
    [InlineData("p99 during <= 0 x before", "Criteria[1].threshold", "the factor must be above 0 (was 0).")]
    [InlineData("p99 during <= 1e999 ms", "Criteria[1].threshold", "'1e999' is out of range.")]
    public void TryParse_Unreadable_NamesTheFieldOrItsPartAndWhy(string? text, string field, string problem)
    {
        var found = Problem(text);

        Assert.Equal(field, found.Field);
        Assert.Contains(problem, found.Problem, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(found.Fix));
    }

    [Theory]
    [InlineData("loss <= 1 %", 1, 1, true)]
    [InlineData("loss <= 1 %", 1.01, 1, false)]
    [InlineData("loss < 1 %", 1, 1, false)]
    [InlineData("loss < 1 %", 0.99, 1, true)]
    [InlineData("throughput >= 100/s", 100, 100, true)]
    [InlineData("throughput >= 100/s", 99.9, 100, false)]
    [InlineData("throughput > 100/s", 100, 100, false)]
    [InlineData("throughput > 100/s", 100.1, 100, true)]
    public void Holds_EachComparison_AtAndAroundTheThreshold(string text, double measured, double threshold, bool holds)
    {
        Assert.Equal(holds, Parse(text).Holds(measured, threshold));
    }
}
