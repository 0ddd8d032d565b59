using System.Globalization;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Dashboard.Components.Controls.Charts;
using BlueGreen.Dashboard.Components.Pages;
using LoadTestRun = BlueGreen.Dashboard.Components.Pages.LoadTestRun;
using BlueGreen.Tests.Dashboard;
using BlueGreen.Tests.LoadTesting;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace BlueGreen.Tests.Dashboard.Pages;

/// <summary>
/// The live run page on a real <see cref="LoadTestService"/> (real generator against Kestrel, LiteDB in a temp folder,
/// deploy-at through the fake engine): the samples the service stores and streams render the counters and reach
/// the three charts' JS, once each and in order; the deployment becomes bands and a "switch" line; the phase table
/// and the timeline appear at the end.
/// </summary>
[Collection(LoadTestServiceCollection.Name)]
public sealed class LoadTestRunPageTests : DashboardTestContext
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private static readonly string[] s_titles = ["Throughput", "Latency (from intended send time)", "Loss and errors"];

    private readonly BunitJSModuleInterop _module;

    // An environment configured, as the dashboard always has one (or the lab): the audit trail the page's access
    // checks write to validates the options.
    public LoadTestRunPageTests() : base(BlueGreen.Tests.Status.StatusTestData.FourSites())
    {
        _module = JSInterop.SetupModule("./js/charts.js");
        // One chart id per chart (1, 2, 3 in the order of s_titles), so the calls can be told apart.
        for (var i = 0; i < s_titles.Length; i++)
        {
            var title = s_titles[i];
            _module.Setup<int>("create", inv => inv.Arguments[1] is ChartConfig config && config.Title == title).SetResult(i + 1);
        }
    }

    [Fact]
    public async Task LiveRun_WithDeployAt_CountersChartsBandsAndPhaseTable()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        Services.AddSingleton(harness.Service);
        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 50, clients: 1, seconds: 4, deployAt: 1), "tester");

        var page = Render<LoadTestRun>(p => p.Add(c => c.Id, id));

        Assert.Equal("Running", page.Find("[data-testid=loadtest-state]").GetAttribute("data-state"));
        Assert.Single(page.FindAll("[data-testid=rate-now]"));
        // The HTML report covers the whole run: offered once it has ended.
        Assert.True(page.Find("[data-testid=download-html]").HasAttribute("disabled"));
        Assert.Null(page.Find("[data-testid=download-html]").GetAttribute("href"));
        page.WaitForAssertion(() =>
        {
            Assert.Equal("Completed", page.Find("[data-testid=loadtest-state]").GetAttribute("data-state"));
            Assert.Equal(3, page.FindAll("[data-testid=phase-table] tbody tr").Count);
        }, s_patience);
        // Ended: no "rate now" (nothing is sent any more).
        Assert.Empty(page.FindAll("[data-testid=rate-now]"));
        var html = page.Find("[data-testid=download-html]");
        Assert.False(html.HasAttribute("disabled"));
        Assert.Equal($"api/loadtests/{id}/report.html", html.GetAttribute("href"));
        Assert.True(html.HasAttribute("download"));
        var record = harness.Service.Details(id)!;
        Assert.Equal(200, record.Total!.Intended);
        Assert.Equal(Count(record.Total.Intended), Counter(page, "intended"));
        Assert.Equal(Count(record.Total.Sent), Counter(page, "sent"));
        Assert.Equal(Count(record.Total.Ok), Counter(page, "ok"));
        Assert.Equal(Count(record.Total.Failed), Counter(page, "failed"));
        Assert.Equal("0", Counter(page, "unsent"));
        Assert.Empty(page.FindAll("[data-testid=stop]"));
        Assert.Equal(["Before", "During", "After"], page.FindAll("[data-testid=phase-table] tbody tr").Select(r => r.GetAttribute("data-phase")));
        Assert.Contains(page.FindAll("[data-testid=timeline] tbody tr"), r => r.GetAttribute("data-event") == "Switched");

        // Every stored second reached every chart exactly once, in order, with the stored values.
        var samples = harness.Service.Samples(id).Where(s => s.Client is null).OrderBy(s => s.Second).ToList();
        Assert.Equal([0, 1, 2, 3], samples.Select(s => s.Second));
        for (var chart = 1; chart <= 3; chart++)
        {
            Assert.Equal(samples.Select(s => (double)s.Second), PushedX(chart, series: 0));
        }
        Assert.Equal(samples.Select(s => s.ThroughputPerSecond), PushedY(chart: 1, series: 0));
        Assert.Equal(samples.Select(s => s.Latency!.P99Ms), PushedY(chart: 2, series: 2));

        // The deployment: bands and one short "switch" line on each chart.
        page.WaitForAssertion(() =>
        {
            for (var chart = 1; chart <= 3; chart++)
            {
                var (bands, lines) = LastAnnotation(chart);
                Assert.Equal(["before", "during", "after"], bands.Select(b => b.Label));
                Assert.Equal("switch", Assert.Single(lines).Label);
            }
        }, s_patience);
    }

    [Fact]
    public async Task EndedRun_OpenedLater_DrawsStoredSecondsOnceAndShowsPhases()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        Services.AddSingleton(harness.Service);
        var id = harness.Service.Start(LoadTestServiceHarness.Spec(rate: 40, clients: 2, seconds: 3), "tester");
        await harness.WaitEndedAsync(id);
        var record = harness.Service.Details(id)!;

        var page = Render<LoadTestRun>(p => p.Add(c => c.Id, id));

        Assert.Equal("Completed", page.Find("[data-testid=loadtest-state]").GetAttribute("data-state"));
        Assert.Equal(Count(record.Total!.Ok), Counter(page, "ok"));
        Assert.Equal(240, record.Total.Intended);
        var phase = Assert.Single(page.FindAll("[data-testid=phase-table] tbody tr"));
        Assert.Equal("Before", phase.GetAttribute("data-phase"));
        Assert.Empty(page.FindAll("[data-testid=timeline]"));
        // No criteria: no verdict, no criteria table.
        Assert.Empty(page.FindAll("[data-testid=verdict]"));
        Assert.Empty(page.FindAll("[data-testid=criteria]"));
        page.WaitForAssertion(() => Assert.Equal([0.0, 1, 2], PushedX(chart: 1, series: 0)), s_patience);
        // Merged seconds only: 80 per second from the two clients together, not 40 per client.
        Assert.All(PushedY(chart: 1, series: 0), y => Assert.Equal(80, y, precision: 6));
    }

    [Fact]
    public async Task Criteria_NotEvaluatedWhileRunning_ThenTheVerdictAndMeasuredAgainstThreshold()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync();
        Services.AddSingleton(harness.Service);
        var spec = LoadTestServiceHarness.Spec(rate: 40, clients: 1, seconds: 2) with { Criteria = ["loss <= 0 %", "throughput >= 100000/s", "loss during <= 0 %"] };
        var id = harness.Service.Start(spec, "tester");

        var page = Render<LoadTestRun>(p => p.Add(c => c.Id, id));

        Assert.Equal("NotEvaluated", page.Find("[data-testid=loadtest-header] [data-testid=verdict]").GetAttribute("data-verdict"));
        Assert.Equal("Evaluated when the test ends.", page.Find("[data-testid=verdict-note]").TextContent.Trim());
        page.WaitForAssertion(() => Assert.Equal("Completed", page.Find("[data-testid=loadtest-state]").GetAttribute("data-state")), s_patience);
        Assert.Equal("Failed", page.Find("[data-testid=loadtest-header] [data-testid=verdict]").GetAttribute("data-verdict"));
        Assert.Equal("Failed", page.Find("[data-testid=criteria] [data-testid=verdict]").GetAttribute("data-verdict"));
        var rows = page.FindAll("[data-testid=criteria-table] tbody tr");
        Assert.Equal(["True", "False", "none"], rows.Select(r => r.GetAttribute("data-passed")));
        Assert.Equal("throughput >= 100000/s", rows[1].QuerySelector("code")!.TextContent);
        Assert.Equal("0 %", rows[0].QuerySelector("[data-testid=measured]")!.TextContent.Trim());
        Assert.Equal($"{100_000.0.ToString("N1", CultureInfo.CurrentCulture)}/s", rows[1].QuerySelector("[data-testid=threshold]")!.TextContent.Trim());
        Assert.EndsWith("/s", rows[1].QuerySelector("[data-testid=measured]")!.TextContent.Trim(), StringComparison.Ordinal);
        // No deployment ran: the During criterion says why it was not evaluated.
        Assert.Contains("no deployment ran during the test", rows[2].TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=verdict-note]"));
    }

    [Fact]
    public async Task UnknownId_SaysSoAndDrawsNothing()
    {
        await using var harness = await LoadTestServiceHarness.StartAsync(startService: false);
        Services.AddSingleton(harness.Service);

        var page = Render<LoadTestRun>(p => p.Add(c => c.Id, "lt-missing"));

        Assert.Contains("There is no load test 'lt-missing'", page.Markup);
        Assert.DoesNotContain(_module.Invocations, i => i.Identifier == "create");
    }

    private static string Count(long value) => value.ToString("N0", CultureInfo.CurrentCulture);

    private static string Counter(IRenderedComponent<LoadTestRun> page, string name) => page.Find($"[data-testid=count-{name}]").TextContent.Trim();

    /// <summary>Every point pushed to one series of one chart, in call order (the held batch at creation included).</summary>
    private IEnumerable<double[]> Pushed(int chart, int series) => _module.Invocations
        .Where(i => i.Identifier == "push" && Equals(i.Arguments[0], chart))
        .SelectMany(i => ((double[][][])i.Arguments[1]!) is var batch && batch.Length > series ? batch[series] : []);

    private List<double> PushedX(int chart, int series) => Pushed(chart, series).Select(p => p[0]).ToList();

    private List<double> PushedY(int chart, int series) => Pushed(chart, series).Select(p => p[1]).ToList();

    private (IReadOnlyList<ChartBand> Bands, IReadOnlyList<ChartMarker> Lines) LastAnnotation(int chart)
    {
        var call = _module.Invocations.Last(i => i.Identifier == "annotate" && Equals(i.Arguments[0], chart));
        return ((IReadOnlyList<ChartBand>)call.Arguments[1]!, (IReadOnlyList<ChartMarker>)call.Arguments[2]!);
    }
}
