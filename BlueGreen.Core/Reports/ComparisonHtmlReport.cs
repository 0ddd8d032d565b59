using System.Globalization;
using System.Xml.Linq;
using BlueGreen.Core.Statistics;
using static BlueGreen.Core.Reports.HtmlDocument;

namespace BlueGreen.Core.Reports;

/// <summary>
/// A comparison of two experiments or two load tests as one self-contained HTML file: what differs significantly first,
/// then per metric a table of A, B, the difference and the three tests per row, then the overlaid charts.
/// </summary>
public static class ComparisonHtmlReport
{
    /// <summary>The metrics the tables show, in order.</summary>
    public static IReadOnlyList<ResultMetric> Metrics { get; } =
        [ResultMetric.ErrorRatePercent, ResultMetric.LossPercent, ResultMetric.MeanMs, ResultMetric.P99Ms, ResultMetric.MaxMs, ResultMetric.ThroughputPerSecond];

    public static string Render(Comparison comparison, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var what = comparison.Kind == ComparisonKind.Experiments ? "experiments" : "load tests";
        var body = new List<object?>
        {
            new XElement("header",
                new XElement("h1", $"Comparison of two {what}"),
                Meta(("A", $"{comparison.AName} ({comparison.AId})")),
                Meta(("B", $"{comparison.BName} ({comparison.BId})")),
                Meta(("Report made", Time(generatedAt)), ("BlueGreen", ToolVersion))),
            new XElement("section", new XAttribute("id", "answer"), new XAttribute("class", "first"),
                new XElement("h2", "What differs"),
                new XElement("ul", new XAttribute("class", "answers"), Differences(comparison).Select(d => new XElement("li", d))),
                new XElement("p", new XAttribute("class", "note"), comparison.Note),
                comparison.Unmatched.Count == 0 ? null
                    : new XElement("p", new XAttribute("class", "note"), $"Not compared (only one of them has it): {string.Join(", ", comparison.Unmatched)}.")),
            Section("tables", "Side by side", Metrics.Select(m => Table(comparison, m))),
            Section("figures", "Charts", new XElement("div", new XAttribute("class", "figures"), comparison.Figures.Select(HtmlDocument.Figure))),
        };
        return HtmlDocument.Render($"Comparison {comparison.AId} and {comparison.BId} – BlueGreen report", body);
    }

    /// <summary>One sentence per row and metric where B differs from A significantly (Welch and Mann-Whitney both below
    /// α, or the one that could be computed); one sentence saying so when nothing does.</summary>
    public static IReadOnlyList<string> Differences(Comparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var found = new List<string>();
        foreach (var row in comparison.Rows)
        {
            foreach (var metric in Metrics)
            {
                if (comparison.Matrix.Test(row, Comparison.B, metric) is not { } test)
                {
                    continue;
                }
                var significant = new[] { test.WelchSignificant, test.MannWhitneySignificant }.OfType<bool>().ToList();
                if (significant.Count == 0 || !significant.All(s => s))
                {
                    continue;
                }
                var direction = test.MeanDifference > 0 ? "higher" : "lower";
                found.Add($"{row}: B's {ResultText.Name(metric).ToLowerInvariant()} is {ResultText.Value(metric, Math.Abs(test.MeanDifference))} {direction} than A's" +
                          (test.DifferenceCi95Low is { } low && test.DifferenceCi95High is { } high ? $" (95 % interval {ResultText.Number(metric, low)} to {ResultText.Number(metric, high)})" : "") +
                          $"; Welch p = {ResultText.P(test.Welch)}, Mann-Whitney p = {ResultText.P(test.MannWhitney)}.");
            }
        }
        return found.Count > 0 ? found : [$"No metric differs significantly (Welch and Mann-Whitney, α = {comparison.Matrix.Alpha.ToString("0.##", CultureInfo.InvariantCulture)}) between A and B in any row they share."];
    }

    private static IEnumerable<object> Table(Comparison comparison, ResultMetric metric)
    {
        yield return new XElement("h3", $"{ResultText.Name(metric)} ({ResultText.Unit(metric)})");
        yield return HtmlDocument.Table($"compare-{ExperimentFigures.Slug(ResultText.Name(metric))}",
            [new XElement("th", new XAttribute("class", "text"), comparison.Kind == ComparisonKind.Experiments ? "Level / scenario" : "Phase"),
                "A", "B", "B − A (95 %)", "Welch p", "Mann-Whitney p", "Student p"],
            comparison.Rows.Select(row =>
            {
                var a = comparison.Matrix.Cell(row, Comparison.A)?.Metrics.GetValueOrDefault(metric);
                var b = comparison.Matrix.Cell(row, Comparison.B)?.Metrics.GetValueOrDefault(metric);
                var test = comparison.Matrix.Test(row, Comparison.B, metric);
                return (IEnumerable<object?>)[TextCell(row),
                    a is null ? "–" : $"{ResultText.Summary(metric, a)} (n = {a.N})",
                    b is null ? "–" : $"{ResultText.Summary(metric, b)} (n = {b.N})",
                    test is null ? "–" : Difference(metric, test),
                    P(test?.Welch, test?.WelchSignificant), P(test?.MannWhitney, test?.MannWhitneySignificant), P(test?.Student, test?.StudentSignificant)];
            }));
    }

    /// <summary>B − A with its 95 % interval: <c>+10.0 (8.6 to 11.4)</c>.</summary>
    public static string Difference(ResultMetric metric, MatrixTest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var text = $"{(test.MeanDifference >= 0 ? "+" : "−")}{ResultText.Number(metric, Math.Abs(test.MeanDifference))}";
        return test.DifferenceCi95Low is { } low && test.DifferenceCi95High is { } high
            ? $"{text} ({ResultText.Number(metric, low)} to {ResultText.Number(metric, high)})"
            : text;
    }

    private static XElement P(double? p, bool? significant)
        => Cell(ResultText.P(p) + (significant == true ? " *" : ""), significant == true ? "sig" : null);
}
