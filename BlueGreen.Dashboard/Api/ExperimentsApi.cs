using System.Security.Claims;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Security;
using System.Text;
using BlueGreen.Core;
using BlueGreen.Core.Experiments;
using BlueGreen.Core.Reports;
using Microsoft.Extensions.Options;

namespace BlueGreen.Dashboard.Api;

/// <summary>REST for experiments: start one (from a preset or a full definition), follow it, pause / resume / cancel it,
/// and read its report (JSON) and its runs (CSV). Errors are RFC 7807 problem details naming the field and the fix.</summary>
public static class ExperimentsApi
{
    public static IEndpointRouteBuilder MapExperimentsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/experiments");
        group.MapPost("/", (ExperimentDefinition? body, ExperimentRunner runner, ClaimsPrincipal user) =>
        {
            if (body is null)
            {
                return Invalid("body", "The body is empty; send {\"preset\":\"paper-002\",\"environment\":\"lab\",\"scale\":0.02} or a full definition (docs/experiments.md).");
            }
            return Try(() =>
            {
                var experiment = runner.Start(runner.Expand(body), Principals.NameOf(user));
                return Results.Accepted($"/api/experiments/{experiment.Id}", experiment);
            });
        }).Allows(Permission.Experiment, "experiment.start");
        group.MapGet("/", (int? limit, ExperimentStore store) => Results.Ok(store.List(Math.Clamp(limit ?? 50, 1, 500)).Select(Summary)));
        group.MapGet("/presets/{name}", (string name, string? environment, double? scale, string? baselineVersion, ExperimentRunner runner) => Try(() =>
            Results.Ok(runner.Expand(new ExperimentDefinition { Preset = name, Environment = environment ?? "lab", Scale = scale, BaselineVersion = baselineVersion ?? "" }))));
        group.MapGet("/{id}", (string id, ExperimentStore store) => store.Find(id) is { } experiment ? Results.Ok(experiment) : NotFound(id));
        group.MapPost("/{id}/pause", (string id, ExperimentRunner runner, ClaimsPrincipal user) => Try(() => Results.Ok(runner.Pause(id, Principals.NameOf(user)))))
            .Allows(Permission.Experiment, "experiment.pause");
        group.MapPost("/{id}/resume", (string id, ExperimentRunner runner, ClaimsPrincipal user) => Try(() => Results.Ok(runner.Resume(id, Principals.NameOf(user)))))
            .Allows(Permission.Experiment, "experiment.resume");
        group.MapPost("/{id}/cancel", (string id, ExperimentRunner runner, ClaimsPrincipal user) => Try(() => Results.Ok(runner.Cancel(id, Principals.NameOf(user)))))
            .Allows(Permission.Experiment, "experiment.cancel");
        group.MapGet("/{id}/report.json", (string id, ExperimentStore store, IOptions<BlueGreenOptions> options) => store.Find(id) is { } experiment
            ? Results.Ok(ExperimentReportBuilder.Build(experiment, options.Value.LoadTesting.Tiphon))
            : NotFound(id));
        group.MapGet("/{id}/runs.csv", (string id, ExperimentStore store) => store.Find(id) is { } experiment
            ? Results.File(Encoding.UTF8.GetBytes(ExperimentRunsCsv.Format(experiment)), "text/csv; charset=utf-8", $"{FileStem(experiment)}-runs.csv")
            : NotFound(id));
        group.MapGet("/{id}/report.html", (string id, ExperimentStore store, SnapshotStore snapshots, IOptions<BlueGreenOptions> options, TimeProvider time) =>
        {
            if (store.Find(id) is not { } experiment)
            {
                return NotFound(id);
            }
            var tiphon = options.Value.LoadTesting.Tiphon;
            var report = ExperimentReportBuilder.Build(experiment, tiphon);
            var html = ExperimentHtmlReport.Render(experiment, report, ExperimentFigures.Build(report, tiphon),
                snapshots.Find(SnapshotStore.ExperimentKey(id)), time.GetUtcNow());
            return Results.File(Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", $"{FileStem(experiment)}-report.html");
        });
        group.MapGet("/{id}/figures", (string id, ExperimentStore store, IOptions<BlueGreenOptions> options) => store.Find(id) is { } experiment
            ? Results.Ok(Figures(experiment, options.Value))
            : NotFound(id));
        group.MapGet("/{id}/figures/{file}", (string id, string file, ExperimentStore store, IOptions<BlueGreenOptions> options) =>
        {
            if (store.Find(id) is not { } experiment)
            {
                return NotFound(id);
            }
            var extension = Path.GetExtension(file);
            var figureId = Path.GetFileNameWithoutExtension(file);
            if (Figures(experiment, options.Value).FirstOrDefault(f => f.Id == figureId) is not { } figure)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                    detail: $"Experiment {id} has no figure '{figureId}'; GET /api/experiments/{id}/figures lists them.");
            }
            var name = $"{FileStem(experiment)}-{figure.Id}";
            return extension switch
            {
                ".svg" => Results.File(Encoding.UTF8.GetBytes(SvgFigureRenderer.ToFile(figure)), "image/svg+xml", $"{name}.svg"),
                ".csv" => Results.File(Encoding.UTF8.GetBytes(FigureCsv.Format(figure)), "text/csv; charset=utf-8", $"{name}.csv"),
                _ => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
                    detail: $"A figure downloads as '{figureId}.svg' or '{figureId}.csv' (PNG from the chart's own button on the page)."),
            };
        });
        return endpoints;
    }

    private static IReadOnlyList<Figure> Figures(ExperimentRecord experiment, BlueGreenOptions options)
        => ExperimentFigures.Build(ExperimentReportBuilder.Build(experiment, options.LoadTesting.Tiphon), options.LoadTesting.Tiphon);

    /// <summary>A list row: state and progress, without the runs.</summary>
    private static object Summary(ExperimentRecord e) => new
    {
        e.Id,
        e.Definition.Name,
        e.Definition.Environment,
        e.Definition.Preset,
        e.State,
        e.RequestedBy,
        e.CreatedAt,
        e.EndedAt,
        e.Reason,
        e.Progress,
    };

    /// <summary>The download's name says what it is: the experiment's name and its date.</summary>
    internal static string FileStem(ExperimentRecord experiment)
    {
        var slug = new StringBuilder();
        foreach (var c in experiment.Definition.Name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var stem = slug.ToString().Trim('-');
        return $"experiment-{(stem.Length > 0 ? stem : "unnamed")}-{experiment.CreatedAt:yyyyMMdd-HHmm}";
    }

    private static IResult Try(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (ExperimentRejectedException ex)
        {
            var (status, title) = ex.Kind switch
            {
                ExperimentRejection.NotFound => (StatusCodes.Status404NotFound, "Not found"),
                ExperimentRejection.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
                _ => (StatusCodes.Status400BadRequest, "Invalid request"),
            };
            var extensions = new Dictionary<string, object?>();
            if (ex.Problems.Count > 0)
            {
                extensions["field"] = ex.Problems[0].Field;
                extensions["problems"] = ex.Problems.Select(p => new { field = p.Field, problem = p.Problem, fix = p.Fix }).ToList();
            }
            if (ex.RunningId is not null)
            {
                extensions["runningExperiment"] = ex.RunningId;
            }
            return Results.Problem(statusCode: status, title: title, detail: ex.Message, extensions: extensions);
        }
    }

    private static IResult NotFound(string id) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found",
        detail: $"There is no experiment '{id}'; GET /api/experiments lists them.");

    private static IResult Invalid(string field, string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
        detail: detail, extensions: new Dictionary<string, object?> { ["field"] = field });
}
