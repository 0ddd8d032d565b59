using System.Globalization;
using System.Text.RegularExpressions;
using BlueGreen.Core.LoadTesting.Generator;

namespace BlueGreen.Core.LoadTesting;

public sealed partial record LoadTestCriterion
{
    /// <summary>Longest criterion text accepted.</summary>
    public const int MaxLength = 200;

    /// <summary>How a criterion is written, for fixes.</summary>
    public const string Form = "Write '<metric> [<phase>] <op> <number> [unit]' or '<metric> <phase> <op> <factor> x <metric> <phase>', "
        + "e.g. \"loss during <= 0 %\" or \"p99 during <= 2 x p99 before\" (docs/loadtests.md).";

    // The metric names, the first of each metric being the one Text writes.
    private static readonly KeyValuePair<string, CriterionMetric>[] s_metrics =
    [
        new("loss", CriterionMetric.LossPercent),
        new("error rate", CriterionMetric.ErrorRatePercent),
        new("errors", CriterionMetric.ErrorRatePercent),
        new("p50", CriterionMetric.P50Ms),
        new("median", CriterionMetric.P50Ms),
        new("p95", CriterionMetric.P95Ms),
        new("p99", CriterionMetric.P99Ms),
        new("mean", CriterionMetric.MeanMs),
        new("throughput", CriterionMetric.ThroughputPerSecond),
    ];

    private static readonly string s_metricNames = string.Join(", ", s_metrics.Select(m => m.Key));

    /// <summary>
    /// Reads a criterion's text, e.g. <c>loss during &lt;= 0 %</c>, <c>error rate &lt;= 0.1 %</c>,
    /// <c>throughput after &gt;= 250/s</c>, <c>p99 during &lt;= 2 x p99 before</c> (case-insensitive; no phase means the
    /// whole run; a unit, when given, must be the metric's). Null with a <paramref name="problem"/> naming
    /// <paramref name="field"/> (or its part: <c>.metric</c>, <c>.phase</c>, <c>.threshold</c>) when it cannot be read.
    /// </summary>
    public static LoadTestCriterion? TryParse(string? text, string field, out LoadTestProblem? problem)
    {
        problem = Check(text, field, out var criterion);
        return problem is null ? criterion : null;
    }

    private static LoadTestProblem? Check(string? text, string field, out LoadTestCriterion? criterion)
    {
        criterion = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return new(field, "is empty.", Form);
        }
        if (text.Length > MaxLength)
        {
            return new(field, $"is {text.Length} characters long; at most {MaxLength} are read.", Form);
        }
        var match = ShapeRegex().Match(text);
        if (!match.Success)
        {
            return new(field, $"'{text}' needs exactly one comparison: <=, <, >= or >.", Form);
        }
        var words = Words(match.Groups["left"].Value);
        var phase = CriterionPhase.Whole;
        if (words.Count > 1 && PhaseOf(words[^1]) is { } named)
        {
            phase = named;
            words.RemoveAt(words.Count - 1);
        }
        var metricName = string.Join(' ', words);
        if (MetricOf(metricName) is not { } metric)
        {
            return words.Count > 1 && MetricOf(string.Join(' ', words.Take(words.Count - 1))) is not null
                ? new($"{field}.phase", $"'{words[^1]}' is not a phase.", "Use before, during, after or whole (or none for the whole run).")
                : new($"{field}.metric", $"'{metricName}' is not a metric.", $"Use one of: {s_metricNames}.");
        }
        var comparison = match.Groups["op"].Value switch
        {
            "<=" => CriterionComparison.AtMost,
            "<" => CriterionComparison.Below,
            ">=" => CriterionComparison.AtLeast,
            _ => CriterionComparison.Above,
        };
        var threshold = $"{field}.threshold";
        var right = NumberRegex().Match(match.Groups["right"].Value);
        if (!right.Success || !double.TryParse(right.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return new(threshold, $"'{match.Groups["right"].Value}' does not start with a number.", "Use e.g. 0 %, 500 ms, 250/s, or 2 x p99 before.");
        }
        if (!double.IsFinite(number))
        {
            return new(threshold, $"'{right.Groups["number"].Value}' is out of range.", "Use a number like 0.1, 500 or 2.");
        }
        var unit = UnitOf(metric);
        var rest = right.Groups["rest"].Value.Trim();
        CriterionPhase? relativeTo = null;
        if (RelativeRegex().Match(rest) is { Success: true } relative)
        {
            var reference = Words(relative.Groups["reference"].Value);
            if (reference.Count == 0 || PhaseOf(reference[^1]) is not { } referencePhase)
            {
                return new(threshold, $"'{rest}' names no phase to compare with.", $"Write e.g. '{Format(number)} x {MetricName(metric)} before'.");
            }
            if (reference.Count > 1 && MetricOf(string.Join(' ', reference.Take(reference.Count - 1))) != metric)
            {
                return new(threshold, $"compares {metricName} with '{string.Join(' ', reference.Take(reference.Count - 1))}'; a relative threshold compares the same metric in another phase.",
                    $"Write e.g. '{Format(number)} x {metricName} {PhaseName(referencePhase)}', or give an absolute threshold.");
            }
            if (referencePhase == phase)
            {
                return new(threshold, $"compares {PhaseName(phase)} with itself.", "Compare with another phase, e.g. during with before.");
            }
            if (number <= 0)
            {
                return new(threshold, $"the factor must be above 0 (was {Format(number)}).", "Use e.g. 2 (twice the other phase's value).");
            }
            relativeTo = referencePhase;
        }
        else if (rest.Length > 0 && !string.Equals(rest, unit, StringComparison.OrdinalIgnoreCase))
        {
            return new(threshold, $"'{rest}' is not the unit of {metricName} ({unit}).", $"Write the number in {unit}, e.g. '{metricName} <= {(unit == "/s" ? "250/s" : unit == "ms" ? "500 ms" : "0.1 %")}', or a factor: '2 x {metricName} before'.");
        }
        if (relativeTo is null && number < 0)
        {
            return new(threshold, $"must not be negative (was {Format(number)} {unit}).", "Use 0 or more.");
        }
        if (relativeTo is null && unit == "%" && number > 100)
        {
            return new(threshold, $"a percentage is at most 100 (was {Format(number)} %).", "Use 0..100, e.g. 0.1 %.");
        }
        criterion = new LoadTestCriterion { Metric = metric, Phase = phase, Comparison = comparison, Threshold = number, RelativeTo = relativeTo };
        return null;
    }

    private static List<string> Words(string text) => [.. text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)];

    private static CriterionMetric? MetricOf(string name)
    {
        foreach (var (key, metric) in s_metrics)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return metric;
            }
        }
        return null;
    }

    private static CriterionPhase? PhaseOf(string word)
        => Enum.GetValues<CriterionPhase>().Where(p => string.Equals(PhaseName(p), word, StringComparison.OrdinalIgnoreCase)).Select(p => (CriterionPhase?)p).FirstOrDefault();

    // One comparison between a left side (metric and phase) and a right side (threshold) without another one.
    [GeneratedRegex(@"^\s*(?<left>[^<>=]*?)\s*(?<op><=|>=|<|>)\s*(?<right>[^<>=]*?)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ShapeRegex();

    [GeneratedRegex(@"^(?<number>[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(?<rest>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRegex();

    [GeneratedRegex(@"^[x×*](?:\s+(?<reference>.*))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex RelativeRegex();
}
