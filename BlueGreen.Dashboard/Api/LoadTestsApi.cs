using System.Security.Claims;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Security;
using System.Reflection;
using System.Text.Json;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting;
using BlueGreen.Core.LoadTesting.Generator;
using BlueGreen.Core.Reports;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace BlueGreen.Dashboard.Api;

/// <summary>REST for load tests: start one (optionally with a deployment at a given second), follow it, stop it,
/// delete it, and export its seconds as CSV. Errors are RFC 7807 problem details naming the field and the fix.</summary>
public static class LoadTestsApi
{
    public static IEndpointRouteBuilder MapLoadTestsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/loadtests");
        // The body is the spec itself (times in seconds: durationSeconds, ...); what it lacks, the spec's validation names.
        // Unreadable JSON is answered in one place (ApiProblems), naming the field.
        group.MapPost("/", (LoadTestSpec? body, LoadTestService service, IOptions<JsonOptions> json, ClaimsPrincipal user) =>
        {
            if (body is null)
            {
                return Invalid("body", $"The body is empty; send the spec as JSON, e.g. {Example} (docs/api.md).");
            }
            return Try(() =>
            {
                var id = service.Start(body, Principals.NameOf(user));
                return Results.Accepted($"/api/loadtests/{id}", service.Details(id));
            }, json.Value.SerializerOptions);
        }).Allows(Permission.LoadTest, "loadtest.start");
        group.MapGet("/", (string? environment, int? limit, LoadTestService service) =>
            Results.Ok(service.List(environment, Math.Clamp(limit ?? 50, 1, 500))));
        group.MapGet("/{id}", (string id, LoadTestService service) =>
            service.Details(id) is { } details ? Results.Ok(details) : Problem(NotFound(id)));
        group.MapPost("/{id}/stop", (string id, LoadTestService service, ClaimsPrincipal user) => Try(() =>
        {
            service.Stop(id, Principals.NameOf(user));
            return Results.Accepted($"/api/loadtests/{id}", service.Details(id));
        })).Allows(Permission.LoadTest, "loadtest.stop");
        group.MapDelete("/{id}", (string id, LoadTestService service) => Try(() =>
        {
            service.Delete(id);
            return Results.NoContent();
        })).Allows(Permission.LoadTest, "loadtest.delete");
        group.MapGet("/{id}/samples.csv", (string id, bool? clients, LoadTestService service) =>
        {
            if (service.Get(id) is not { } record)
            {
                return Problem(NotFound(id));
            }
            var csv = LoadTestCsv.Format(service.Samples(id, clients ?? false), record.Markers.Select(m => m.ToRunEvent()));
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"loadtest-{id}-samples.csv");
        });
        group.MapGet("/{id}/report.html", (string id, LoadTestService service, DeploymentStore deployments, SnapshotStore snapshots, TimeProvider time) =>
        {
            if (service.Details(id) is not { } details)
            {
                return Problem(NotFound(id));
            }
            var deploymentId = details.PhaseDeploymentId ?? details.DeploymentId;
            var html = LoadTestHtmlReport.Render(details, LoadTestFigures.Build(details, service.Samples(id)),
                deploymentId is null ? null : deployments.Find(deploymentId), snapshots.Find(SnapshotStore.LoadTestKey(id)), time.GetUtcNow());
            return Results.File(System.Text.Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", $"loadtest-{id}-report.html");
        });
        return endpoints;
    }

    private const string Example = "{\"environment\": \"lab\", \"ratePerClient\": 100, \"clients\": 2, \"durationSeconds\": 60}";

    /// <param name="action">The call to the service.</param>
    /// <param name="json">The options a spec was read with, to name its fields as the body does.</param>
    private static IResult Try(Func<IResult> action, JsonSerializerOptions? json = null)
    {
        try
        {
            return action();
        }
        catch (LoadTestRejectedException ex)
        {
            return Problem(ex, json);
        }
    }

    private static LoadTestRejectedException NotFound(string id) => new(LoadTestRejection.NotFound, $"There is no load test '{id}'; GET /api/loadtests lists them.");

    private static IResult Invalid(string field, string detail) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail,
        extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>RFC 7807 problem details whose detail says what to do; <c>field</c> names the first field at fault
    /// (as in the body) and <c>problems</c> lists all of them.</summary>
    private static IResult Problem(LoadTestRejectedException ex, JsonSerializerOptions? json = null)
    {
        var (status, title) = ex.Kind switch
        {
            LoadTestRejection.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            LoadTestRejection.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            _ => (StatusCodes.Status400BadRequest, "Invalid request"),
        };
        var extensions = new Dictionary<string, object?>();
        if (ex.Problems.Count > 0)
        {
            var fieldOf = BodyFieldNames(json ?? JsonSerializerOptions.Web);
            extensions["field"] = fieldOf(ex.Problems[0].Field);
            extensions["problems"] = ex.Problems.Select(p => new { field = fieldOf(p.Field), problem = p.Problem, fix = p.Fix }).ToList();
        }
        if (ex.RunningIds.Count > 0)
        {
            extensions["runningLoadTests"] = ex.RunningIds;
        }
        return Results.Problem(statusCode: status, title: title, detail: ex.Message, extensions: extensions);
    }

    /// <summary>
    /// Maps a <see cref="LoadTestProblem.Field"/> (a <see cref="LoadTestSpec"/> property, or two joined by '/') to its
    /// name in the body, as the serializer reads it (e.g. <c>Duration</c> is <c>durationSeconds</c>, <c>Criteria[1].threshold</c>
    /// is <c>criteria[1].threshold</c>).
    /// </summary>
    private static Func<string, string> BodyFieldNames(JsonSerializerOptions json)
    {
        var names = json.GetTypeInfo(typeof(LoadTestSpec)).Properties
            .Where(p => p.AttributeProvider is MemberInfo)
            .ToDictionary(p => ((MemberInfo)p.AttributeProvider!).Name, p => p.Name, StringComparer.Ordinal);
        // "Criteria[1].threshold": the property's name, then the index and part as they are.
        return field => string.Join('/', field.Split('/').Select(part =>
        {
            var end = part.IndexOfAny(['[', '.']);
            var name = end < 0 ? part : part[..end];
            return names.GetValueOrDefault(name, name) + (end < 0 ? "" : part[end..]);
        }));
    }
}
