using System.Globalization;
using System.Xml.Linq;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Phases;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Status;
using static BlueGreen.Core.Reports.HtmlDocument;

namespace BlueGreen.Core.Reports;

/// <summary>
/// A load test's report as one self-contained HTML file: what happened to users in one sentence, the before / during /
/// after table with TIPHON grades, the three charts with their phase bands and markers, the deployment's switch audit
/// and timeline, the settings and the environment at start. Opens offline and prints to PDF.
/// </summary>
public static class LoadTestHtmlReport
{
    public static string Render(LoadTestDetails details, IReadOnlyList<Figure> figures, DeploymentRecord? deployment,
        EnvironmentSnapshot? atStart, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(figures);
        var body = new List<object?>
        {
            new XElement("header",
                new XElement("h1", $"Load test {details.Id}"),
                Meta(("Environment", details.Environment), ("URL", details.Url), ("State", details.State.ToString()), ("Requested by", details.RequestedBy)),
                Meta(("Started", Time(details.StartedAt)), ("Ended", details.EndedAt is null ? "not yet" : Time(details.EndedAt)),
                    ("Report made", Time(generatedAt)), ("BlueGreen", ToolVersion))),
            new XElement("section", new XAttribute("id", "answer"), new XAttribute("class", "first"),
                new XElement("h2", "What users saw"),
                new XElement("p", new XAttribute("data-answer", "true"), Answer(details, deployment)),
                VerdictPart(details),
                details.Warnings.Count == 0 ? null : new XElement("ul", details.Warnings.Select(w => new XElement("li", new XAttribute("class", "bad"), w))),
                details.Error is null ? null : new XElement("p", new XAttribute("class", "bad"), details.Error)),
            Section("phases", "Before, during and after", PhaseTable(details),
                new XElement("p", new XAttribute("class", "legend"),
                    "Loss = (failed + unsent) / intended; errors = failed / sent. TIPHON grades (ETSI TR 101 329, as paper 000): delay from the mean response time, loss from the loss.")),
            Section("figures", "Charts", new XElement("div", new XAttribute("class", "figures"), figures.Select(HtmlDocument.Figure))),
            Section("deployment", "The deployment", DeploymentPart(deployment)),
            Section("configuration", "What it ran against", Settings(details.Settings), ExperimentHtmlReport.SnapshotSection(atStart)),
        };
        return HtmlDocument.Render($"Load test {details.Id} – BlueGreen report", body);
    }

    /// <summary>"During the deployment of 2.0.0 (Succeeded), 0 of 3,000 requests were lost (0 %, very good); p99 4.1 ms before, 5.0 ms during."</summary>
    internal static string Answer(LoadTestDetails details, DeploymentRecord? deployment)
    {
        var total = details.Total;
        if (total is null)
        {
            return "No second has been measured yet.";
        }
        var during = details.Phases.FirstOrDefault(p => p.Phase == Phase.During && !p.IsEmpty);
        if (during is null)
        {
            return $"No deployment during this test: {Count(total.Failed + total.Unsent)} of {Count(total.Intended)} requests lost ({Percent(total.LossPercent)}), " +
                   $"mean response time {Ms(total.Latency?.MeanMs)}, p99 {Ms(total.Latency?.P99Ms)}.";
        }
        var before = details.Phases.FirstOrDefault(p => p.Phase == Phase.Before && !p.IsEmpty);
        var what = deployment is null ? "the deployment" : $"the deployment of {deployment.Version} ({StateAtEnd(details, deployment)})";
        var t = during.Totals;
        return $"During {what}, {Count(t.Failed + t.Unsent)} of {Count(t.Intended)} requests were lost ({Percent(t.LossPercent)}, TIPHON {during.LossGrade?.ToString() ?? "–"}); " +
               $"p99 response time {Ms(before?.Totals.Latency?.P99Ms)} before, {Ms(t.Latency?.P99Ms)} during. Over the whole test {Count(total.Failed + total.Unsent)} of {Count(total.Intended)} were lost.";
    }

    /// <summary>The verdict of the test's criteria and each one measured against its threshold; null without criteria.</summary>
    private static XElement? VerdictPart(LoadTestDetails details) => details.Criteria.Count == 0 ? null : new XElement("div",
        new XAttribute("data-verdict", details.Verdict.ToString()),
        new XElement("p", new XAttribute("class", details.Verdict == LoadTestVerdict.Passed ? "ok" : "bad"), $"Verdict: {details.Verdict}.", details.VerdictNote is null ? null : $" {details.VerdictNote}"),
        Table("criteria", [new XElement("th", new XAttribute("class", "text"), "Criterion"), "Measured", "Threshold", new XElement("th", new XAttribute("class", "text"), "Result")],
            details.Criteria.Select(c => (IEnumerable<object?>)[TextCell(c.Text), Value(c.Measured, c.Unit), Value(c.Threshold, c.Unit),
                Cell(c.Passed switch { true => "passed", false => "failed", null => c.Note ?? "not evaluated" }, c.Passed == false ? "bad text" : "text")])));

    private static string Value(double? value, string unit) => value is not { } v ? "–"
        : unit == "ms" ? Ms(v) : unit == "%" ? Percent(v) : $"{v.ToString("0.#", CultureInfo.InvariantCulture)}/s";

    /// <summary>The deployment's state when the test ended (a later rollback, e.g. an experiment restoring its baseline, is
    /// the timeline's news, not this test's), and what became of it after.</summary>
    private static string StateAtEnd(LoadTestDetails details, DeploymentRecord deployment)
    {
        if (details.EndedAt is not { } ended || deployment.Transitions.Count == 0 || deployment.Transitions[^1].At <= ended)
        {
            return deployment.State.ToString();
        }
        var atEnd = deployment.Transitions.LastOrDefault(t => t.At <= ended)?.To ?? DeploymentState.Pending;
        return $"{atEnd} when the test ended; {deployment.State} since";
    }

    private static XElement PhaseTable(LoadTestDetails details) => Table("phases",
        [new XElement("th", new XAttribute("class", "text"), "Phase"), "From (s)", "To (s)", "Seconds", "Intended", "Ok", "Failed", "Unsent", "Loss", "Errors",
            "Mean", "p50", "p99", "Max", "Throughput", new XElement("th", new XAttribute("class", "text"), "TIPHON delay"), new XElement("th", new XAttribute("class", "text"), "TIPHON loss")],
        details.Phases.Where(p => !p.IsEmpty).Select(p =>
        {
            var t = p.Totals;
            string? Second(DateTimeOffset? at) => at is { } a ? (a - details.StartedAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) : "–";
            return (IEnumerable<object?>)[TextCell(p.Phase.ToString()), Second(p.From), Second(p.To), Count(t.Seconds), Count(t.Intended), Count(t.Ok),
                Cell(Count(t.Failed), t.Failed > 0 ? "bad" : null), Cell(Count(t.Unsent), t.Unsent > 0 ? "bad" : null),
                Percent(t.LossPercent), Percent(t.ErrorRatePercent), Ms(t.Latency?.MeanMs), Ms(t.Latency?.P50Ms), Ms(t.Latency?.P99Ms), Ms(t.Latency?.MaxMs),
                $"{t.ThroughputPerSecond.ToString("0.#", CultureInfo.InvariantCulture)} req/s", TextCell(p.DelayGrade?.ToString()), TextCell(p.LossGrade?.ToString())];
        }));

    private static IEnumerable<object> DeploymentPart(DeploymentRecord? deployment)
    {
        if (deployment is null)
        {
            yield return new XElement("p", "No deployment ran during this test.");
            yield break;
        }
        yield return Meta(("Deployment", deployment.Id), ("Version", $"{deployment.PreviousVersion ?? "?"} → {deployment.Version}"),
            ("Strategy", deployment.Strategy.ToString()), ("Groups", $"{deployment.FromGroup?.ToString() ?? "?"} → {deployment.ToGroup?.ToString() ?? "?"}"),
            ("Outcome", deployment.State.ToString()), ("Requested by", deployment.RequestedBy));
        if (deployment.Summary is { } summary)
        {
            yield return new XElement("p", summary);
        }
        if (deployment.Error is { } error)
        {
            yield return new XElement("p", new XAttribute("class", "bad"), error);
        }
        yield return new XElement("h3", "Switch audit (HAProxy's counters over each switch)");
        yield return deployment.SwitchAudits.Count == 0
            ? new XElement("p", new XAttribute("class", "note"), "No switch: traffic never moved.")
            : Table("switch-audit",
                [new XElement("th", new XAttribute("class", "text"), "Load balancer"), new XElement("th", new XAttribute("class", "text"), "Kind"), new XElement("th", new XAttribute("class", "text"), "Started"),
                    "Took", "Sessions", "5xx", "Conn. errors", "Resp. errors", "Retries", "Redispatches", "Server aborts", "Lost", new XElement("th", new XAttribute("class", "text"), "Drain")],
                deployment.SwitchAudits.Select(a => (IEnumerable<object?>)[TextCell(a.LoadBalancer), TextCell(a.Kind.ToString()), TextCell(Time(a.StartedAt)),
                    $"{(a.FinishedAt - a.StartedAt).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms", Count(a.Sessions), Count(a.Http5xx),
                    Count(a.ConnectionErrors), Count(a.ResponseErrors), Count(a.Retries), Count(a.Redispatches), Count(a.ServerAborts),
                    Cell(Count(a.Lost), a.Lost > 0 ? "bad" : "ok"), TextCell(a.DrainOutcome.ToString())]));
        yield return new XElement("h3", "Timeline");
        yield return Table("timeline",
            [new XElement("th", new XAttribute("class", "text"), "At"), "+s", new XElement("th", new XAttribute("class", "text"), "What"), new XElement("th", new XAttribute("class", "text"), "Detail")],
            deployment.Transitions.Select(t => (At: t.At, What: $"{t.From} → {t.To}", Detail: t.Reason))
                .Concat(deployment.Steps.Select(s => (At: s.StartedAt, What: $"step {s.Name}: {s.Outcome}", Detail: s.Duration is { } d ? $"{d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" + (s.Detail is null ? "" : $"; {s.Detail}") : s.Detail)))
                .OrderBy(e => e.At)
                .Select(e => (IEnumerable<object?>)[TextCell(Time(e.At)), (e.At - deployment.CreatedAt).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), TextCell(e.What), TextCell(e.Detail)]));
    }

    private static IEnumerable<object> Settings(LoadTestSpec spec)
    {
        string S(TimeSpan? span) => span is { } s ? $"{s.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s" : "–";
        yield return new XElement("h3", "Settings");
        yield return Meta(("Target", spec.Target == LoadTestTarget.Server ? $"server {spec.Server}" : $"front end {spec.LoadBalancer ?? "(first load balancer)"}"),
            ("Method and path", $"{spec.Method} {spec.Path ?? "(environment's load path)"}"),
            ("Rate", $"{spec.RatePerClient.ToString("0.###", CultureInfo.InvariantCulture)} req/s per client × {spec.Clients}"),
            ("Length", spec.Duration is { } d ? S(d) : $"{spec.RequestsPerClient} requests per client"),
            ("Ramp-up", S(spec.RampUp)), ("Warm-up", S(spec.WarmUp)), ("Timeout", S(spec.Timeout)),
            ("In-flight cap", spec.InFlightCapPerClient?.ToString(CultureInfo.InvariantCulture) ?? "default"),
            ("Connections", spec.KeepAlive ? "kept alive" : "a new one per request"),
            ("Deploy", spec.DeployAt is { } at ? $"{spec.DeployVersion} at {S(at)} ({spec.DeployStrategy?.ToString() ?? "environment's strategy"})" : "none"));
    }

    private static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    private static string Percent(double value) => $"{value.ToString("0.###", CultureInfo.InvariantCulture)} %";

    private static string Ms(double? value) => value is { } v ? $"{v.ToString(v >= 100 ? "#,0" : "0.##", CultureInfo.InvariantCulture)} ms" : "–";
}
