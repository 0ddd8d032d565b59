using System.Globalization;
using System.Xml.Linq;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.Statistics;
using BlueGreen.Core.Status;
using static BlueGreen.Core.Reports.HtmlDocument;

namespace BlueGreen.Core.Reports;

/// <summary>
/// An experiment's report as one self-contained HTML file: the answer first, then the evidence (paper 002's Tables
/// 4.1-4.3 and 5.1-5.3 with the paper's values beside ours, the figures, every cell with its TIPHON grades, each
/// run's deployment health), then what it ran against (the definition, the environment at start, versions and
/// times). Opens offline and prints to PDF.
/// </summary>
public static class ExperimentHtmlReport
{
    /// <summary>The metrics of paper 002's tables: error rate (4.1, 5.1), mean (4.2, 5.2) and maximum response time (4.3, 5.3).</summary>
    public static IReadOnlyList<ResultMetric> TableMetrics { get; } = [ResultMetric.ErrorRatePercent, ResultMetric.MeanMs, ResultMetric.MaxMs];

    public static string Render(ExperimentRecord experiment, ExperimentReport report, IReadOnlyList<Figure> figures,
        EnvironmentSnapshot? atStart, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(figures);
        var definition = experiment.Definition;
        var paper = report.Reference is null ? null : "paper 002";
        var body = new List<object?>
        {
            new XElement("header",
                new XElement("h1", $"Experiment: {report.Name}"),
                Meta(("Experiment", report.ExperimentId), ("Environment", report.Environment),
                    ("Preset", report.Preset is null ? null : $"{report.Preset} ×{report.Scale?.ToString("0.###", CultureInfo.InvariantCulture)}"),
                    ("State", report.State.ToString()), ("Runs", $"{report.RunsCompleted} completed of {report.RunsPlanned}")),
                Meta(("Started", Time(experiment.CreatedAt)), ("Ended", experiment.EndedAt is null ? "not yet" : Time(experiment.EndedAt)),
                    ("Report made", Time(generatedAt)), ("BlueGreen", ToolVersion))),
            new XElement("section", new XAttribute("id", "answer"), new XAttribute("class", "first"),
                new XElement("h2", "The answer"),
                new XElement("ul", new XAttribute("class", "answers"), report.Answers.Select(a => new XElement("li", a))),
                new XElement("p", new XAttribute("class", "note"),
                    $"Tested against {report.BaselineScenario} at α = {report.Alpha.ToString("0.##", CultureInfo.InvariantCulture)}. " +
                    "The tables below give each number with its 95 % confidence interval; docs/reports.md in the BlueGreen repository explains every table, test and grade.")),
            Section("results", "Results", ResultTables(report, paper)),
            Section("tests", "Against no deployment", TestTables(report, paper)),
            Section("figures", "Figures", FigureBlock(figures, paper)),
            Section("cells", "Every cell", CellsTable(report)),
            Section("health", "Deployment health per run", HealthTable(report)),
            Section("configuration", "What it ran against", Configuration(definition, atStart)),
        };
        return HtmlDocument.Render($"Experiment {report.Name} – BlueGreen report", body);
    }

    private static IEnumerable<object> ResultTables(ExperimentReport report, string? paper)
    {
        var number = 1;
        foreach (var metric in TableMetrics)
        {
            yield return new XElement("h3", $"{ResultText.Name(metric)} ({ResultText.Unit(metric)})" + (paper is null ? "" : $" – as {paper}'s Table 4.{number}"));
            yield return Table($"result-{ExperimentFigures.Slug(ResultText.Name(metric))}",
                [new XElement("th", new XAttribute("class", "text"), "Level"), .. report.Scenarios],
                report.Levels.Select(level => (IEnumerable<object?>)[TextCell(level), .. report.Scenarios.Select(scenario =>
                {
                    var cell = report.Cells.FirstOrDefault(c => c.Level == level && c.Scenario == scenario && c.Client is null);
                    var reference = report.Reference?.Reference(ReferenceKind.Mean, level, scenario, metric);
                    return Cell(new object?[]
                    {
                        cell?.Metrics.GetValueOrDefault(metric) is { } summary ? $"{ResultText.Summary(metric, summary)} (n = {summary.N})" : "no run yet",
                        reference is null ? null : new XElement("span", new XAttribute("class", "ref"), $"{paper}: {ResultText.Printed(metric, reference)}"),
                    });
                })]));
            number++;
        }
        yield return new XElement("p", new XAttribute("class", "legend"), "Mean over the runs ± half its 95 % confidence interval (Student t)." +
            (paper is null ? "" : $" Under it, {paper}'s published mean."));
    }

    private static IEnumerable<object> TestTables(ExperimentReport report, string? paper)
    {
        var deployments = report.Scenarios.Where(s => s != report.BaselineScenario).ToList();
        var number = 1;
        foreach (var metric in TableMetrics)
        {
            yield return new XElement("h3", $"{ResultText.Name(metric)}: p-values against {report.BaselineScenario}" + (paper is null ? "" : $" – as {paper}'s Table 5.{number}"));
            yield return Table($"tests-{ExperimentFigures.Slug(ResultText.Name(metric))}",
                [new XElement("th", new XAttribute("class", "text"), "Level"), .. deployments],
                report.Levels.Select(level => (IEnumerable<object?>)[TextCell(level), .. deployments.Select(scenario =>
                {
                    var test = report.Tests.FirstOrDefault(t => t.Level == level && t.Scenario == scenario && t.Metric == metric && t.Client is null);
                    var reference = report.Reference?.Reference(ReferenceKind.StudentP, level, scenario, metric);
                    var paperLine = reference is null ? null : new XElement("span", new XAttribute("class", "ref"), $"{paper}: {reference.Printed}");
                    if (test?.Student is not { } student)
                    {
                        return Cell(new object?[] { test?.Note is { } note ? "not testable" : "no runs yet", paperLine }, null, test?.Note);
                    }
                    return Cell(new object?[]
                    {
                        new XElement("strong", ResultText.P(student) + (test.StudentSignificant == true ? " *" : "")),
                        new XElement("span", new XAttribute("class", "ref"), $"Welch {ResultText.P(test.Welch)} · Mann-Whitney {ResultText.P(test.MannWhitney)}"),
                        new XElement("span", new XAttribute("class", "ref"), Difference(metric, test)),
                        paperLine,
                    }, test.StudentSignificant == true ? "sig" : null);
                })]));
            number++;
        }
        yield return new XElement("p", new XAttribute("class", "legend"),
            $"Student's pooled two-sample t-test (bold; the test {paper ?? "paper 002"} used), Welch's t-test and Mann-Whitney U, two-sided; " +
            $"* and shading: Student p < {report.Alpha.ToString("0.##", CultureInfo.InvariantCulture)}. Δ is the scenario's mean minus {report.BaselineScenario}'s with its 95 % interval (Welch). " +
            "\"Not testable\": every run of both gave the same value, so there is no variance to test (hover for why).");
    }

    private static string Difference(ResultMetric metric, MatrixTest test)
    {
        var sign = test.MeanDifference >= 0 ? "+" : "−";
        var text = $"Δ {sign}{ResultText.Value(metric, Math.Abs(test.MeanDifference))}";
        if (test.DifferenceCi95Low is { } low && test.DifferenceCi95High is { } high)
        {
            text += $" ({ResultText.Number(metric, low)} to {ResultText.Number(metric, high)})";
        }
        return text;
    }

    private static IEnumerable<object> FigureBlock(IReadOnlyList<Figure> figures, string? paper)
    {
        if (figures.Count == 0)
        {
            yield return new XElement("p", "No figure: no run has completed yet.");
            yield break;
        }
        if (paper is not null && figures.Any(f => f.Series.Any(s => s.IsReference)))
        {
            foreach (var element in ReferenceToggle(paper))
            {
                yield return element;
            }
        }
        yield return new XElement("div", new XAttribute("class", "figures"), figures.Select(HtmlDocument.Figure));
    }

    private static XElement CellsTable(ExperimentReport report)
    {
        var metrics = Enum.GetValues<ResultMetric>();
        return Table("cells",
            [new XElement("th", new XAttribute("class", "text"), "Level"), new XElement("th", new XAttribute("class", "text"), "Scenario"), "Client", "n",
                .. metrics.Select(m => $"{ResultText.ShortName(m)} ({ResultText.Unit(m)})"), "TIPHON delay", "TIPHON loss"],
            report.Cells.Select(c => (IEnumerable<object?>)[TextCell(c.Level), TextCell(c.Scenario), c.Client?.ToString(CultureInfo.InvariantCulture) ?? "all",
                c.N.ToString(CultureInfo.InvariantCulture),
                .. metrics.Select(m => c.Metrics.GetValueOrDefault(m) is { } s ? ResultText.Summary(m, s, unit: false) : "–"),
                c.DelayGrade?.ToString(), c.LossGrade?.ToString()]));
    }

    private static XElement HealthTable(ExperimentReport report) => Table("health",
        ["Run", new XElement("th", new XAttribute("class", "text"), "Level"), new XElement("th", new XAttribute("class", "text"), "Scenario"), "Rep.",
            new XElement("th", new XAttribute("class", "text"), "Run state"), new XElement("th", new XAttribute("class", "text"), "Deployment"),
            "Rolled back", "Detected after", "Rolled back in", "Lost at switch", new XElement("th", new XAttribute("class", "text"), "Note")],
        report.Runs.Select(r => (IEnumerable<object?>)[
            r.Run.ToString(CultureInfo.InvariantCulture), TextCell(r.Level), TextCell(r.Scenario), r.Repetition.ToString(CultureInfo.InvariantCulture),
            Cell(r.State.ToString(), r.State is RunState.Failed or RunState.Interrupted ? "text bad" : "text"),
            TextCell(r.Deployment is { } d ? $"{d.State} ({d.DeploymentId})" : "none"),
            r.Deployment is null ? "–" : r.Deployment.RolledBack ? "yes" : "no",
            Seconds(r.Deployment?.TimeToDetect), Seconds(r.Deployment?.TimeToRollback),
            Cell(r.Deployment?.SwitchLost.ToString(CultureInfo.InvariantCulture), r.Deployment?.SwitchLost > 0 ? "bad" : null),
            TextCell(r.Error ?? r.Deployment?.Error)]));

    private static string Seconds(TimeSpan? span) => span is { } s ? $"{s.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" : "–";

    private static IEnumerable<object> Configuration(ExperimentDefinition definition, EnvironmentSnapshot? atStart)
    {
        string S(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
        yield return new XElement("h3", "Definition");
        yield return Meta(("Repetitions", definition.Repetitions.ToString(CultureInfo.InvariantCulture)), ("Deploy at", $"{S(definition.DeployAtSeconds)} s"),
            ("Cool-down", $"{S(definition.CooldownSeconds)} s"), ("Baseline", $"{definition.BaselineVersion} on {definition.BaselineGroup}"),
            ("Per client", definition.PerClient ? "yes" : "no"));
        yield return Table("levels",
            [new XElement("th", new XAttribute("class", "text"), "Level"), "Rate per client (req/s)", "Clients", "Duration (s)", "Requests per client", "Ramp-up (s)", "In-flight cap", "Timeout (s)", "Keep-alive"],
            definition.Levels.Select(l => (IEnumerable<object?>)[TextCell(l.Name), S(l.RatePerClient), l.Clients.ToString(CultureInfo.InvariantCulture),
                l.DurationSeconds is { } d ? S(d) : "–", l.RequestsPerClient?.ToString(CultureInfo.InvariantCulture) ?? "–", S(l.RampUpSeconds),
                l.InFlightCapPerClient?.ToString(CultureInfo.InvariantCulture) ?? "default", S(l.TimeoutSeconds), l.KeepAlive ? "yes" : "no (new connection per request)"]));
        yield return Table("scenarios",
            [new XElement("th", new XAttribute("class", "text"), "Scenario"), new XElement("th", new XAttribute("class", "text"), "Kind"), new XElement("th", new XAttribute("class", "text"), "Version"),
                new XElement("th", new XAttribute("class", "text"), "Strategy"), "Repetitions", new XElement("th", new XAttribute("class", "text"), "Starts from"), new XElement("th", new XAttribute("class", "text"), "Measured")],
            definition.Scenarios.Select(s => (IEnumerable<object?>)[TextCell(s.DisplayName), TextCell(s.Kind.ToString()), TextCell(s.Version ?? "–"),
                TextCell(s.Strategy?.ToString() ?? "environment's"), definition.RepetitionsOf(s).ToString(CultureInfo.InvariantCulture),
                TextCell(s.BaselineVersion ?? definition.BaselineVersion), TextCell(s.Measure == MeasureWindow.During ? "the deployment's seconds" : "the whole run")]));
        foreach (var element in SnapshotSection(atStart))
        {
            yield return element;
        }
    }

    /// <summary>The environment at start: load balancers, servers with their HAProxy state and version, deployment settings.</summary>
    public static IEnumerable<object> SnapshotSection(EnvironmentSnapshot? snapshot)
    {
        yield return new XElement("h3", "The environment at start");
        if (snapshot is null)
        {
            yield return new XElement("p", new XAttribute("class", "note"), "Not recorded (made before reports recorded it, or the status was not read yet).");
            yield break;
        }
        yield return Meta(("Environment", snapshot.Environment), ("Live group", snapshot.LiveGroup.ToString()), ("Taken", Time(snapshot.TakenAt)),
            ("Status read", Time(snapshot.StatusReadAt)));
        yield return Table("load-balancers",
            [new XElement("th", new XAttribute("class", "text"), "Load balancer"), new XElement("th", new XAttribute("class", "text"), "Kind"),
                new XElement("th", new XAttribute("class", "text"), "Runtime API"), new XElement("th", new XAttribute("class", "text"), "Backend"),
                new XElement("th", new XAttribute("class", "text"), "Front end"), new XElement("th", new XAttribute("class", "text"), "Reachable"), new XElement("th", new XAttribute("class", "text"), "Live")],
            snapshot.LoadBalancers.Select(lb => (IEnumerable<object?>)[TextCell(lb.Name), TextCell(lb.Kind ?? "not read"), TextCell(lb.RuntimeApi), TextCell(lb.Backend),
                TextCell(lb.FrontendUrl), TextCell(lb.Reachable switch { true => "yes", false => "no", null => "not read" }), TextCell(lb.LiveGroup.ToString())]));
        yield return Table("servers",
            [new XElement("th", new XAttribute("class", "text"), "Server"), new XElement("th", new XAttribute("class", "text"), "Site"), new XElement("th", new XAttribute("class", "text"), "Group"),
                new XElement("th", new XAttribute("class", "text"), "Address"), new XElement("th", new XAttribute("class", "text"), "Version"), new XElement("th", new XAttribute("class", "text"), "HAProxy state (admin / check / weight)")],
            snapshot.Servers.Select(s => (IEnumerable<object?>)[TextCell(s.Name), TextCell(s.Site), TextCell(s.Group), TextCell(s.Address), TextCell(s.Version ?? "?"),
                TextCell(s.States.Count == 0 ? "not read" : string.Join("; ", s.States.Select(st => $"{st.LoadBalancer}: {st.Admin} / {st.Operational} {st.CheckStatus} / weight {st.Weight}")))]));
        var settings = snapshot.Settings;
        yield return Meta(("Strategy", settings.Strategy.ToString()), ("Approval", settings.RequireApproval ? "required" : "not required"),
            ("Steps", settings.Steps.Count == 0 ? "none" : string.Join(", ", settings.Steps)), ("Smoke checks", string.Join(", ", settings.SmokeChecks)),
            ("Drain timeout", $"{settings.DrainTimeout.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s ({settings.DrainEscalation})"),
            ("Watch", $"{settings.WatchDuration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s, at most {settings.WatchMaxErrors} errors"),
            ("Load path", settings.LoadPath));
    }
}
