using System.Text.RegularExpressions;
using System.Xml.Linq;
using BlueGreen.Core.Environments;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.LoadTesting.Statistics;
using BlueGreen.Core.Reports;
using BlueGreen.Core.Status;

namespace BlueGreen.Tests.Reports;

/// <summary>The experiment's HTML report: self-contained (no network reference, no script), the answer first, the
/// tables with their values and marks, the paper's values for a preset, escaping, and the environment at start.</summary>
public partial class ExperimentHtmlReportTests
{
    private static string Render(ExperimentRecord experiment, EnvironmentSnapshot? snapshot = null)
    {
        var report = ExperimentReportBuilder.Build(experiment, TiphonOptions.Default);
        return ExperimentHtmlReport.Render(experiment, report, ExperimentFigures.Build(report, TiphonOptions.Default), snapshot, ReportTestData.At.AddHours(1));
    }

    /// <summary>The document as XML (the report is written as well-formed markup after its doctype).</summary>
    private static XElement Parse(string html)
    {
        Assert.StartsWith("<!DOCTYPE html>\n", html, StringComparison.Ordinal);
        return XElement.Parse(html["<!DOCTYPE html>\n".Length..]);
    }

    [GeneratedRegex("""(src|href)\s*=\s*["']?\s*(https?:)?//""", RegexOptions.IgnoreCase)]
    private static partial Regex NetworkReference();

    [Fact]
    public void Report_IsSelfContained_NoNetworkReferenceNoScriptNoExternalResource()
    {
        var html = Render(ReportTestData.Tiny(definition: ExperimentPresets.Create(ExperimentPresets.Paper002, "test", 0.02, "1.0.0")));
        var root = Parse(html);

        Assert.DoesNotMatch(NetworkReference(), html);
        Assert.DoesNotContain(root.Descendants(), e => e.Name.LocalName is "script" or "link" or "img" or "iframe" or "object");
        Assert.DoesNotContain(root.Descendants().Attributes(), a => a.Name.LocalName is "src" or "href");
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.True(root.Descendants().Count(e => e.Name.LocalName == "svg") >= 5);
    }

    [Fact]
    public void Report_AnswerFirstThenTablesWithMeansIntervalsAndMarkedTests()
    {
        var root = Parse(Render(ReportTestData.Tiny(repetitions: 3)));

        var sections = root.Descendants("section").Select(s => (string)s.Attribute("id")!).ToList();
        Assert.Equal(["answer", "results", "tests", "figures", "cells", "health", "configuration"], sections);
        var answers = root.Descendants("section").First().Descendants("li").Select(l => l.Value).ToList();
        Assert.Contains(answers, a => a.StartsWith("At low, Fail changed the error rate significantly (Student p = 0.026", StringComparison.Ordinal));
        // Table 4.1's Fail cell: 1, 2, 3 % → 2.000 ± 2.484 %.
        var errors = Table(root, "result-error-rate");
        Assert.StartsWith("2.000 ± 2.484 % (n = 3)", errors[0][3].Value, StringComparison.Ordinal);
        // Table 5.1: Fail against None, Student pooled t = 3.464 with 4 df → p = 0.026, significant and shaded.
        var tests = Table(root, "tests-error-rate");
        Assert.Equal("sig", (string?)tests[0][2].Attribute("class"));
        Assert.StartsWith("0.026 *", tests[0][2].Value, StringComparison.Ordinal);
        Assert.Contains("not testable", tests[0][1].Value, StringComparison.Ordinal);
        Assert.Equal(9, Table(root, "health").Count);
        Assert.Empty(root.Descendants("input"));
    }

    [Fact]
    public void Paper002Preset_ThePapersValuesBesideOursAndItsSwitch()
    {
        var root = Parse(Render(ReportTestData.Tiny(definition: ExperimentPresets.Create(ExperimentPresets.Paper002, "test", 0.02, "1.0.0"))));

        var errors = Table(root, "result-error-rate");
        Assert.Equal(["Low", "Medium", "High"], errors.Select(r => r[0].Value));
        Assert.EndsWith("paper 002: 0.639 %", errors[1][2].Value, StringComparison.Ordinal);
        Assert.EndsWith("paper 002: 0.404", Table(root, "tests-error-rate")[0][1].Value, StringComparison.Ordinal);
        Assert.Contains(root.Descendants("h3"), h => h.Value.EndsWith("as paper 002's Table 5.3", StringComparison.Ordinal));
        var toggle = Assert.Single(root.Descendants("input"));
        Assert.Equal("checkbox", (string?)toggle.Attribute("type"));
        // Figures 4.1-4.5 and the three box plots, each drawn without and with the paper.
        Assert.Equal(8, root.Descendants("div").Count(d => (string?)d.Attribute("class") == "with-reference"));
    }

    [Fact]
    public void Names_AreEscaped()
    {
        var html = Render(ReportTestData.Tiny(name: "<script>alert('x')</script>"));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("Experiment: <script>alert('x')</script>", Parse(html).Descendants("h1").Single().Value, StringComparison.Ordinal);
    }

    [Fact]
    public void EnvironmentAtStart_ServersWithTheirHaProxyStateAndNoStepCommand()
    {
        var environment = new EnvironmentOptions
        {
            Name = "test",
            LoadBalancers = [new LoadBalancerOptions { Name = "lb1", RuntimeApi = "/run/haproxy.sock", Backend = "app", FrontendUrl = "http://127.0.0.1:8080/" }],
            Sites = [new SiteOptions { Name = "A", Group = "Blue", Servers = [new ServerOptions { Name = "a1", Address = "10.0.0.1:80" }] }],
            Deployment = { Steps = [new DeployStepOptions { Name = "install", Command = "deploy --token s3cret-token {version}" }] },
        };
        var status = new EnvironmentStatus
        {
            Name = "test",
            LiveGroup = LiveGroup.Blue,
            Groups = [],
            Sites = [new SiteStatus { Name = "A", Group = SiteGroup.Blue, Servers = [new ServerStatus
            {
                Name = "a1", Address = "10.0.0.1:80", Site = "A", Group = SiteGroup.Blue, Version = "1.0.0",
                ByLoadBalancer = new Dictionary<string, ServerState> { ["lb1"] = new() { Name = "a1", Admin = AdminState.Ready, Operational = OperationalState.Up, Weight = 100, CheckStatus = "L7OK" } },
            }] }],
            LoadBalancers = [],
            UpdatedAt = ReportTestData.At,
        };

        var html = Render(ReportTestData.Tiny(), EnvironmentSnapshot.Of(environment, status, ReportTestData.At));

        var servers = Table(Parse(html), "servers");
        Assert.Equal(["a1", "A", "Blue", "10.0.0.1:80", "1.0.0", "lb1: Ready / Up L7OK / weight 100"], servers.Single().Select(c => c.Value));
        Assert.Contains("Steps: install", html, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", html, StringComparison.Ordinal);
    }

    private static List<List<XElement>> Table(XElement root, string id)
        => [.. root.Descendants("table").Single(t => (string?)t.Attribute("data-table") == id).Element("tbody")!.Elements("tr").Select(r => r.Elements().ToList())];
}
