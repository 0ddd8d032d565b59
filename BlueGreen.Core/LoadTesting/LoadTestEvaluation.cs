using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;

namespace BlueGreen.Core.LoadTesting;

/// <summary>
/// A load test's criteria as evaluated when it ended: the <see cref="Verdict"/> and each criterion's measured value
/// against its threshold. Stored with the test (<see cref="LoadTestRecord.Evaluation"/>), so a restart loses nothing;
/// a test stored before criteria existed has none, and reads as <see cref="LoadTestVerdict.None"/>.
/// </summary>
public sealed record LoadTestEvaluation
{
    /// <summary>None without criteria; Failed when one failed; NotEvaluated when none failed but one could not be measured; else Passed.</summary>
    public LoadTestVerdict Verdict { get; init; }

    /// <summary>What the verdict covers when the test did not run its whole schedule (stopped, interrupted, failed), or while it runs; else null.</summary>
    public string? Note { get; init; }

    /// <summary>Each criterion in the spec's order.</summary>
    public IReadOnlyList<CriterionResult> Criteria { get; init; } = [];

    /// <summary>
    /// The evaluation of <paramref name="record"/>: its stored one once it has ended (evaluated by <see cref="Of"/>),
    /// else its criteria not evaluated yet (verdict None when it has none).
    /// </summary>
    public static LoadTestEvaluation Read(LoadTestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Evaluation is { } stored)
        {
            return stored;
        }
        var criteria = record.Settings.Criteria ?? CriteriaTexts.None;
        return criteria.Count == 0 ? new LoadTestEvaluation() : new LoadTestEvaluation
        {
            Verdict = LoadTestVerdict.NotEvaluated,
            Note = record.State == LoadTestState.Running ? "Evaluated when the test ends." : "This test ended without an evaluation.",
            Criteria = [.. criteria.Select(text => new CriterionResult { Text = text })],
        };
    }

    /// <summary>
    /// Evaluates the criteria of an ended <paramref name="record"/> over its stored result (phases and measured total),
    /// saying in <see cref="Note"/> when the test ended early: what was measured is evaluated, no more.
    /// </summary>
    public static LoadTestEvaluation Of(LoadTestRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var criteria = record.Settings.Criteria ?? CriteriaTexts.None;
        if (criteria.Count == 0)
        {
            return new LoadTestEvaluation();
        }
        var result = record.Result;
        var decoded = new Dictionary<CriterionPhase, LoadTotals?>();
        LoadTotals? TotalsOf(CriterionPhase phase)
        {
            if (!decoded.TryGetValue(phase, out var totals))
            {
                totals = phase == CriterionPhase.Whole
                    ? result?.Total.ToTotals()
                    : result?.Phases.FirstOrDefault(p => p.Phase == ToPhase(phase))?.Totals.ToTotals();
                decoded[phase] = totals;
            }
            return totals;
        }
        var note = record.State switch
        {
            LoadTestState.Completed => null,
            LoadTestState.Stopped => $"Stopped early by {record.StoppedBy ?? "an operator"}: {Covered(record)}",
            LoadTestState.Interrupted => $"The dashboard stopped during this test: {Covered(record)}",
            LoadTestState.Failed => $"The load generator failed during this test: {Covered(record)}",
            _ => "Evaluated before the test ended.",
        };
        return Evaluate(criteria, TotalsOf, note);
    }

    /// <summary>
    /// Evaluates criteria given as text over the totals of each phase (<paramref name="totals"/> returns null, or
    /// totals of no second, for a phase without data: its criteria are not evaluated, and say why).
    /// </summary>
    public static LoadTestEvaluation Evaluate(IReadOnlyList<string> criteria, Func<CriterionPhase, LoadTotals?> totals, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        ArgumentNullException.ThrowIfNull(totals);
        var results = criteria.Select((text, i) => EvaluateOne(text, $"Criteria[{i}]", totals)).ToList();
        var verdict = results.Count == 0 ? LoadTestVerdict.None
            : results.Any(r => r.Passed == false) ? LoadTestVerdict.Failed
            : results.Any(r => r.Passed is null) ? LoadTestVerdict.NotEvaluated
            : LoadTestVerdict.Passed;
        return new LoadTestEvaluation { Verdict = verdict, Note = note, Criteria = results };
    }

    private static CriterionResult EvaluateOne(string text, string field, Func<CriterionPhase, LoadTotals?> totals)
    {
        if (LoadTestCriterion.TryParse(text, field, out var problem) is not { } criterion)
        {
            return new CriterionResult { Text = text, Note = problem!.ToString() };
        }
        var result = new CriterionResult { Text = criterion.Text, Unit = criterion.Unit };
        var measured = Measure(criterion.Metric, criterion.Phase, totals, out var why);
        if (measured is null)
        {
            return result with { Note = why };
        }
        var threshold = criterion.Threshold;
        if (criterion.RelativeTo is { } relative)
        {
            if (Measure(criterion.Metric, relative, totals, out why) is not { } reference)
            {
                return result with { Measured = measured, Note = why };
            }
            threshold *= reference;
        }
        return result with { Measured = measured, Threshold = threshold, Passed = criterion.Holds(measured.Value, threshold) };
    }

    private static double? Measure(CriterionMetric metric, CriterionPhase phase, Func<CriterionPhase, LoadTotals?> totals, out string? why)
    {
        var phaseTotals = totals(phase);
        if (phaseTotals is null || phaseTotals.Seconds == 0)
        {
            var reason = phase switch
            {
                CriterionPhase.During => "no deployment ran during the test",
                CriterionPhase.After => "the deployment did not end before the test did, or none ran",
                CriterionPhase.Before => "the deployment started before the first measured second",
                _ => "nothing was measured",
            };
            why = $"No measured second fell in the {phase} phase ({reason}), so it could not be evaluated.";
            return null;
        }
        var value = LoadTestCriterion.ValueOf(metric, phaseTotals);
        why = value is null ? $"No request succeeded in the {phase} phase, so it has no latency." : null;
        return value;
    }

    private static string Covered(LoadTestRecord record)
        => $"evaluated over the {record.Result?.Seconds ?? 0} of {Math.Ceiling(record.PlannedSeconds):0} planned second(s) that ran (warm-up included).";

    private static Phase ToPhase(CriterionPhase phase) => phase switch
    {
        CriterionPhase.Before => Phase.Before,
        CriterionPhase.During => Phase.During,
        _ => Phase.After,
    };
}
