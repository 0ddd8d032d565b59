using System.Text;
using BlueGreen.Core;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.Reports;
using Microsoft.Extensions.Options;

namespace BlueGreen.Dashboard.Api;

/// <summary>
/// Two experiments or two load tests side by side: <c>GET /api/compare/experiments?a=&amp;b=</c> and
/// <c>/api/compare/loadtests?a=&amp;b=</c> (JSON), each with <c>/report.html</c> (one self-contained file). A missing id
/// is a 400 naming the parameter; an unknown one a 404.
/// </summary>
public static class CompareApi
{
    public static IEndpointRouteBuilder MapCompareApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/compare");
        group.MapGet("/experiments", (string? a, string? b, ExperimentStore store, IOptions<BlueGreenOptions> options) =>
            Experiments(a, b, store, options.Value, Results.Ok));
        group.MapGet("/experiments/report.html", (string? a, string? b, ExperimentStore store, IOptions<BlueGreenOptions> options, TimeProvider time) =>
            Experiments(a, b, store, options.Value, c => Html(c, time, $"compare-{Stem(store.Find(c.AId)!)}-vs-{Stem(store.Find(c.BId)!)}")));
        group.MapGet("/loadtests", (string? a, string? b, LoadTestService service) => LoadTests(a, b, service, Results.Ok));
        group.MapGet("/loadtests/report.html", (string? a, string? b, LoadTestService service, TimeProvider time) =>
            LoadTests(a, b, service, c => Html(c, time, $"compare-{c.AId}-vs-{c.BId}")));
        return endpoints;
    }

    private static IResult Experiments(string? a, string? b, ExperimentStore store, BlueGreenOptions options, Func<Comparison, IResult> answer)
    {
        if (Missing(a, b) is { } missing)
        {
            return missing;
        }
        if (store.Find(a!) is not { } first)
        {
            return NotFound("experiment", a!, "/api/experiments");
        }
        if (store.Find(b!) is not { } second)
        {
            return NotFound("experiment", b!, "/api/experiments");
        }
        return answer(ComparisonBuilder.Experiments(first, second, options.LoadTesting.Tiphon));
    }

    private static IResult LoadTests(string? a, string? b, LoadTestService service, Func<Comparison, IResult> answer)
    {
        if (Missing(a, b) is { } missing)
        {
            return missing;
        }
        if (service.Details(a!) is not { } first)
        {
            return NotFound("load test", a!, "/api/loadtests");
        }
        if (service.Details(b!) is not { } second)
        {
            return NotFound("load test", b!, "/api/loadtests");
        }
        return answer(ComparisonBuilder.LoadTests(first, service.Samples(a!), second, service.Samples(b!)));
    }

    private static IResult Html(Comparison comparison, TimeProvider time, string stem)
        => Results.File(Encoding.UTF8.GetBytes(ComparisonHtmlReport.Render(comparison, time.GetUtcNow())), "text/html; charset=utf-8", $"{stem}.html");

    private static string Stem(ExperimentRecord experiment) => ExperimentsApi.FileStem(experiment)["experiment-".Length..];

    private static IResult? Missing(string? a, string? b)
    {
        var field = string.IsNullOrWhiteSpace(a) ? "a" : string.IsNullOrWhiteSpace(b) ? "b" : null;
        if (field is null)
        {
            return a == b ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: "a and b are the same; compare two different ones.", extensions: new Dictionary<string, object?> { ["field"] = "b" }) : null;
        }
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
            detail: $"Query parameter '{field}' is missing: give both ids, ?a=<first>&b=<second>.", extensions: new Dictionary<string, object?> { ["field"] = field });
    }

    private static IResult NotFound(string what, string id, string list) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
        detail: $"There is no {what} '{id}'; GET {list} lists them.");
}
