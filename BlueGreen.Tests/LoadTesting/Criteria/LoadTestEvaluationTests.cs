using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Tests.LoadTesting.Criteria;

public sealed class LoadTestEvaluationTests
{
    // Before: 10 s of 100 ok at 10 ms. During: 5 s of 100 ok at 25 ms, one second with a 502 as well. After: nothing.
    private static readonly LoadTotals s_before = LoadTotals.Sum(Enumerable.Range(0, 10).Select(s => TestSamples.Second(s, 100, 10)));
    private static readonly LoadTotals s_during = LoadTotals.Sum(Enumerable.Range(10, 5).Select(s => TestSamples.Second(s, 100, 25, http5xx: s == 12 ? 1 : 0)));
    private static readonly LoadTotals s_whole = LoadTotals.Sum(Enumerable.Range(0, 10).Select(s => TestSamples.Second(s, 100, 10))
        .Concat(Enumerable.Range(10, 5).Select(s => TestSamples.Second(s, 100, 25, http5xx: s == 12 ? 1 : 0))));

    private static LoadTotals? Totals(CriterionPhase phase) => phase switch
    {
        CriterionPhase.Before => s_before,
        CriterionPhase.During => s_during,
        CriterionPhase.Whole => s_whole,
        _ => null,
    };

    private static LoadTestEvaluation Evaluate(params string[] criteria) => LoadTestEvaluation.Evaluate(criteria, Totals);

    [Fact]
    public void Evaluate_RelativeThreshold_IsTheFactorTimesTheOtherPhase()
    {
        var evaluation = Evaluate("p99 during <= 2 x p99 before", "p99 during <= 3 x p99 before");

        var twice = evaluation.Criteria[0];
        var thrice = evaluation.Criteria[1];
        Assert.Equal(2 * s_before.Latency!.P99Ms, twice.Threshold!.Value, precision: 9);
        Assert.Equal(3 * s_before.Latency.P99Ms, thrice.Threshold!.Value, precision: 9);
        Assert.Equal(s_during.Latency!.P99Ms, twice.Measured);
        Assert.InRange(twice.Measured!.Value, 24.9, 25.1);
        Assert.False(twice.Passed);
        Assert.True(thrice.Passed);
        Assert.Equal("ms", twice.Unit);
        Assert.Equal(LoadTestVerdict.Failed, evaluation.Verdict);
    }

    [Fact]
    public void Evaluate_AbsoluteLossAndErrorRate_MeasuredPerPhase()
    {
        var evaluation = Evaluate("loss before <= 0 %", "loss during <= 0 %", "error rate <= 0.1 %", "error rate <= 0.2 %");

        Assert.Equal([true, false, true, true], evaluation.Criteria.Select(c => c.Passed));
        Assert.Equal(0, evaluation.Criteria[0].Measured);
        Assert.Equal(100.0 / 501, evaluation.Criteria[1].Measured!.Value, precision: 9);
        Assert.Equal(100.0 / 1501, evaluation.Criteria[2].Measured!.Value, precision: 9);
        Assert.Equal("%", evaluation.Criteria[1].Unit);
        Assert.Equal(LoadTestVerdict.Failed, evaluation.Verdict);
    }

    [Fact]
    public void Evaluate_AllHold_Passed()
    {
        var evaluation = Evaluate("loss before <= 0 %", "throughput >= 90/s", "mean during < 30");

        Assert.Equal(LoadTestVerdict.Passed, evaluation.Verdict);
        Assert.All(evaluation.Criteria, c => Assert.Null(c.Note));
    }

    [Fact]
    public void Evaluate_PhaseWithoutSeconds_NotEvaluatedAndSaysWhy_UnlessAnotherFailed()
    {
        var missing = Evaluate("loss before <= 0 %", "loss after <= 0 %");
        var missingReference = Evaluate("p99 during <= 3 x p99 after");
        var alongAFailure = Evaluate("loss after <= 0 %", "loss during <= 0 %");

        Assert.Equal(LoadTestVerdict.NotEvaluated, missing.Verdict);
        var after = missing.Criteria[1];
        Assert.Null(after.Passed);
        Assert.Null(after.Measured);
        Assert.Contains("No measured second fell in the After phase", after.Note, StringComparison.Ordinal);
        Assert.Null(missingReference.Criteria[0].Passed);
        Assert.Null(missingReference.Criteria[0].Threshold);
        Assert.Equal(s_during.Latency!.P99Ms, missingReference.Criteria[0].Measured);
        Assert.Equal(LoadTestVerdict.Failed, alongAFailure.Verdict);
    }

    [Fact]
    public void Evaluate_LatencyOfAPhaseWithoutAnOkResponse_NotEvaluated()
    {
        var failing = LoadTotals.Sum([TestSamples.Second(0, ok: 0, latencyMs: 0, http5xx: 10)]);

        var evaluation = LoadTestEvaluation.Evaluate(["p99 <= 100 ms", "loss <= 0 %"], _ => failing);

        Assert.Null(evaluation.Criteria[0].Passed);
        Assert.Contains("No request succeeded", evaluation.Criteria[0].Note, StringComparison.Ordinal);
        Assert.Equal(100, evaluation.Criteria[1].Measured);
        Assert.Equal(LoadTestVerdict.Failed, evaluation.Verdict);
    }

    [Fact]
    public void Evaluate_NoCriteria_None()
    {
        Assert.Equal(LoadTestVerdict.None, Evaluate().Verdict);
    }

    [Fact]
    public void Of_StoppedEarly_EvaluatesWhatRanAndSaysSo()
    {
        var record = Record(LoadTestState.Stopped, ["loss <= 0 %", "loss during <= 0 %"]);

        var evaluation = LoadTestEvaluation.Of(record);

        Assert.Equal("Stopped early by alice: evaluated over the 10 of 60 planned second(s) that ran (warm-up included).", evaluation.Note);
        Assert.True(evaluation.Criteria[0].Passed);
        Assert.Null(evaluation.Criteria[1].Passed);
        Assert.Contains("no deployment ran during the test", evaluation.Criteria[1].Note, StringComparison.Ordinal);
        Assert.Equal(LoadTestVerdict.NotEvaluated, evaluation.Verdict);
    }

    [Fact]
    public void Read_BeforeTheEndOrWithoutCriteria_NotEvaluatedOrNone()
    {
        var running = Record(LoadTestState.Running, ["loss <= 0 %"]);
        running.Result = null;
        var old = Record(LoadTestState.Completed, []);

        var pending = LoadTestEvaluation.Read(running);

        Assert.Equal(LoadTestVerdict.NotEvaluated, pending.Verdict);
        Assert.Equal("loss <= 0 %", Assert.Single(pending.Criteria).Text);
        Assert.Equal("Evaluated when the test ends.", pending.Note);
        Assert.Equal(LoadTestVerdict.None, LoadTestEvaluation.Read(old).Verdict);
        Assert.Empty(LoadTestEvaluation.Read(old).Criteria);
    }

    /// <summary>A test of ten quiet seconds without a deployment, ended in <paramref name="state"/>.</summary>
    private static LoadTestRecord Record(LoadTestState state, CriteriaTexts criteria)
    {
        return new LoadTestRecord
        {
            Id = "lt-1",
            State = state,
            StoppedBy = state == LoadTestState.Stopped ? "alice" : null,
            PlannedSeconds = 60,
            Settings = new LoadTestSpec { Environment = "test", Criteria = criteria },
            Result = TestSamples.Result(TestSamples.TenQuietSeconds()),
        };
    }
}
