using System.Text.Json;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.LoadTesting;
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
        group.MapPost("/", async (HttpRequest request, LoadTestService service, IOptions<JsonOptions> json) =>
        {
            StartLoadTestBody? body;
            try
            {
                body = await request.ReadFromJsonAsync<StartLoadTestBody>(json.Value.SerializerOptions, request.HttpContext.RequestAborted);
            }
            catch (JsonException ex)
            {
                var field = ex.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
                return Invalid(field, $"{field}: {ex.Message} Send the spec as JSON, e.g. {Example} (docs/api.md).");
            }
            catch (InvalidOperationException)
            {
                return Invalid("body", $"The body must be JSON (Content-Type: application/json), e.g. {Example}.");
            }
            if (body is null)
            {
                return Invalid("body", $"The body is empty; send the spec as JSON, e.g. {Example}.");
            }
            if (body.ToSpec() is not { } spec)
            {
                return Invalid("environment", "environment: is missing; name a configured environment, e.g. \"lab\".");
            }
            return Try(() =>
            {
                var id = service.Start(spec, "api");
                return Results.Accepted($"/api/loadtests/{id}", service.Details(id));
            });
        });
        group.MapGet("/", (string? environment, int? limit, LoadTestService service) =>
            Results.Ok(service.List(environment, Math.Clamp(limit ?? 50, 1, 500)).Select(Summary)));
        group.MapGet("/{id}", (string id, LoadTestService service) =>
            service.Details(id) is { } details ? Results.Ok(details) : Problem(NotFound(id)));
        group.MapPost("/{id}/stop", (string id, LoadTestService service) => Try(() =>
        {
            service.Stop(id, "api");
            return Results.Accepted($"/api/loadtests/{id}", service.Details(id));
        }));
        group.MapDelete("/{id}", (string id, LoadTestService service) => Try(() =>
        {
            service.Delete(id);
            return Results.NoContent();
        }));
        group.MapGet("/{id}/samples.csv", (string id, bool? clients, LoadTestService service) =>
        {
            if (service.Get(id) is not { } record)
            {
                return Problem(NotFound(id));
            }
            var csv = LoadTestCsv.Format(service.Samples(id, clients ?? false), record.Markers.Select(m => m.ToRunEvent()));
            return Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", $"loadtest-{id}-samples.csv");
        });
        return endpoints;
    }

    private const string Example = "{\"environment\": \"lab\", \"ratePerClient\": 100, \"clients\": 2, \"durationSeconds\": 60}";

    /// <summary>A list row: what a table needs, without histograms.</summary>
    private static LoadTestListItem Summary(LoadTestRecord r) => new(
        r.Id, r.Environment, r.Url, r.State, r.RequestedBy, r.CreatedAt, r.StartedAt, r.EndedAt, r.PlannedSeconds, r.SecondsStored,
        r.Settings.RatePerClient, r.Settings.Clients, r.DeploymentId, r.Warnings.Count,
        r.Result?.Total.Intended, r.Result?.Total.Ok, r.Result?.Total.Failures.ToCounts().Total, r.Result?.Total.Unsent);

    private static IResult Try(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (LoadTestRejectedException ex)
        {
            return Problem(ex);
        }
    }

    private static LoadTestRejectedException NotFound(string id) => new(LoadTestRejection.NotFound, $"There is no load test '{id}'; GET /api/loadtests lists them.");

    private static IResult Invalid(string field, string detail) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail,
        extensions: new Dictionary<string, object?> { ["field"] = field });

    /// <summary>RFC 7807 problem details whose detail says what to do; <c>field</c> names the first field at fault
    /// (camelCase, as in the body) and <c>problems</c> lists all of them.</summary>
    private static IResult Problem(LoadTestRejectedException ex)
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
            extensions["field"] = StartLoadTestBody.FieldOf(ex.Problems[0].Field);
            extensions["problems"] = ex.Problems.Select(p => new { field = StartLoadTestBody.FieldOf(p.Field), problem = p.Problem, fix = p.Fix }).ToList();
        }
        if (ex.RunningIds.Count > 0)
        {
            extensions["runningLoadTests"] = ex.RunningIds;
        }
        return Results.Problem(statusCode: status, title: title, detail: ex.Message, extensions: extensions);
    }

    /// <summary>
    /// Body of <c>POST /api/loadtests</c>. Times in seconds; <c>target</c> is <c>FrontEnd</c> (default) or
    /// <c>Server</c> with <c>server</c>; <c>deployAtSeconds</c> + <c>deployVersion</c> start a deployment during the test.
    /// </summary>
    public sealed record StartLoadTestBody(
        string? Environment, LoadTestTarget? Target, string? Server, string? LoadBalancer, string? Path,
        double? RatePerClient, int? Clients, double? DurationSeconds, long? RequestsPerClient,
        double? RampUpSeconds, double? WarmUpSeconds, double? TimeoutSeconds, bool? KeepAlive, string? Method,
        double? DeployAtSeconds, string? DeployVersion, DeploymentStrategy? DeployStrategy)
    {
        /// <summary>The spec; null when the environment is missing. Other gaps are left to the spec's validation.</summary>
        public LoadTestSpec? ToSpec() => string.IsNullOrWhiteSpace(Environment) ? null : new LoadTestSpec
        {
            Environment = Environment,
            Target = Target ?? LoadTestTarget.FrontEnd,
            Server = Server,
            LoadBalancer = LoadBalancer,
            Path = Path ?? "/",
            RatePerClient = RatePerClient ?? 0,
            Clients = Clients ?? 1,
            Duration = Seconds(DurationSeconds),
            RequestsPerClient = RequestsPerClient,
            RampUp = Seconds(RampUpSeconds) ?? TimeSpan.Zero,
            WarmUp = Seconds(WarmUpSeconds) ?? TimeSpan.Zero,
            Timeout = Seconds(TimeoutSeconds) ?? TimeSpan.FromSeconds(5),
            KeepAlive = KeepAlive ?? true,
            Method = Method ?? "GET",
            DeployAt = Seconds(DeployAtSeconds),
            DeployVersion = DeployVersion,
            DeployStrategy = DeployStrategy,
        };

        /// <summary>The body's name for a <see cref="LoadTestSpec"/> property (times are in seconds here).</summary>
        public static string FieldOf(string specField) => specField switch
        {
            nameof(LoadTestSpec.Duration) => "durationSeconds",
            nameof(LoadTestSpec.RampUp) => "rampUpSeconds",
            nameof(LoadTestSpec.WarmUp) => "warmUpSeconds",
            nameof(LoadTestSpec.Timeout) => "timeoutSeconds",
            nameof(LoadTestSpec.DeployAt) => "deployAtSeconds",
            $"{nameof(LoadTestSpec.Duration)}/{nameof(LoadTestSpec.RequestsPerClient)}" => "durationSeconds/requestsPerClient",
            _ => JsonNamingPolicy.CamelCase.ConvertName(specField),
        };

        // Out-of-range seconds become a value the spec's validation names (rather than an overflow here).
        private static TimeSpan? Seconds(double? seconds) => seconds switch
        {
            null => null,
            { } s when !double.IsFinite(s) || Math.Abs(s) > TimeSpan.MaxValue.TotalSeconds / 2 => TimeSpan.MaxValue,
            { } s => TimeSpan.FromSeconds(s),
        };
    }

    /// <summary>One row of <c>GET /api/loadtests</c>.</summary>
    public sealed record LoadTestListItem(
        string Id, string Environment, string Url, LoadTestState State, string RequestedBy, DateTimeOffset CreatedAt,
        DateTimeOffset StartedAt, DateTimeOffset? EndedAt, double PlannedSeconds, int SecondsStored, double RatePerClient,
        int Clients, string? DeploymentId, int Warnings, long? Intended, long? Ok, long? Failed, long? Unsent);
}
