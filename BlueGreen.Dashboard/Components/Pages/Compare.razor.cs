using BlueGreen.Core;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.Reports;
using BlueGreen.Core.Statistics;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace BlueGreen.Dashboard.Components.Pages;

/// <summary>
/// Two experiments or two load tests side by side: what differs first, then per metric A, B, B − A and the tests, then
/// the charts (the same SVG as the HTML report's). The choice lives in the address (<c>?kind=&amp;a=&amp;b=</c>), so a
/// comparison can be bookmarked and sent. Reads the stores once per choice: what it compares has ended.
/// </summary>
public sealed partial class Compare
{
    [Inject] private ExperimentStore Experiments { get; set; } = null!;
    [Inject] private LoadTestService LoadTests { get; set; } = null!;
    [Inject] private IOptions<BlueGreenOptions> Options { get; set; } = null!;
    [Inject] private NavigationManager Navigation { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "kind")] public string? KindText { get; set; }
    [SupplyParameterFromQuery(Name = "a")] public string? A { get; set; }
    [SupplyParameterFromQuery(Name = "b")] public string? B { get; set; }

    private IReadOnlyList<(string Id, string Label)> _choices = [];
    private Comparison? _comparison;
    private string? _problem;

    private ComparisonKind Kind => string.Equals(KindText, "loadtests", StringComparison.OrdinalIgnoreCase) ? ComparisonKind.LoadTests : ComparisonKind.Experiments;

    private string Path => Kind == ComparisonKind.Experiments ? "experiments" : "loadtests";
    private string JsonUrl => $"api/compare/{Path}?a={Uri.EscapeDataString(A ?? "")}&b={Uri.EscapeDataString(B ?? "")}";
    private string ReportUrl => $"api/compare/{Path}/report.html?a={Uri.EscapeDataString(A ?? "")}&b={Uri.EscapeDataString(B ?? "")}";

    protected override void OnParametersSet()
    {
        _choices = Kind == ComparisonKind.Experiments
            ? [.. Experiments.List(200).Select(e => (e.Id, $"{e.Definition.Name} · {e.CreatedAt.ToLocalTime():yyyy-MM-dd HH:mm} · {e.State} · {e.Progress?.Completed ?? 0} runs"))]
            : [.. LoadTests.List(limit: 200).Select(t => (t.Id, $"{t.Id} · {t.RatePerClient.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} req/s × {t.Clients} · {t.State}" + (t.DeployVersion is { } v ? $" · deploying {v}" : "")))];
        _comparison = null;
        _problem = null;
        if (string.IsNullOrEmpty(A) || string.IsNullOrEmpty(B))
        {
            return;
        }
        if (A == B)
        {
            _problem = "A and B are the same; pick two different ones.";
            return;
        }
        if (Kind == ComparisonKind.Experiments)
        {
            if (Experiments.Find(A) is { } a && Experiments.Find(B) is { } b)
            {
                _comparison = ComparisonBuilder.Experiments(a, b, Options.Value.LoadTesting.Tiphon);
            }
        }
        else if (LoadTests.Details(A) is { } a && LoadTests.Details(B) is { } b)
        {
            _comparison = ComparisonBuilder.LoadTests(a, LoadTests.Samples(A), b, LoadTests.Samples(B));
        }
        _problem = _comparison is null ? $"{(Kind == ComparisonKind.Experiments ? "An experiment" : "A load test")} of this address no longer exists; pick another." : null;
    }

    private void KindChanged(ComparisonKind kind)
        => Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["kind"] = kind == ComparisonKind.LoadTests ? "loadtests" : "experiments",
            ["a"] = null,
            ["b"] = null,
        }));

    private void Pick(string? a, string? b)
        => Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?> { ["a"] = a, ["b"] = b }));

    private static string Difference(ResultMetric metric, MatrixTest test) => ComparisonHtmlReport.Difference(metric, test);
}
