using System.Security.Claims;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Security;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;

namespace BlueGreen.Dashboard.Api;

/// <summary>REST for CI pipelines: start a deployment, follow it, approve / abort / roll back.</summary>
public static class DeploymentsApi
{
    public static IEndpointRouteBuilder MapDeploymentsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/environments/{environment}/deployments", (string environment, StartDeploymentBody? body, DeploymentEngine engine, ClaimsPrincipal user) =>
        {
            if (body is null || string.IsNullOrWhiteSpace(body.Version))
            {
                return Problem(new DeploymentRejectedException(DeploymentRejection.Invalid, "version: is missing; send {\"version\": \"2.0.0\"}.", "version"));
            }
            DeploymentStrategy? strategy = null;
            if (body.Strategy is { Length: > 0 } text)
            {
                if (!Enum.TryParse<DeploymentStrategy>(text, ignoreCase: true, out var parsed) || int.TryParse(text, out _))
                {
                    return Problem(new DeploymentRejectedException(DeploymentRejection.Invalid, $"strategy: '{text}' is not BlueGreen or TwoPhase.", "strategy"));
                }
                strategy = parsed;
            }
            return Try(() =>
            {
                var record = engine.Start(new DeploymentRequest
                {
                    Environment = environment,
                    Version = body.Version.Trim(),
                    Strategy = strategy,
                    RequireApproval = body.RequireApproval,
                    RequestedBy = Principals.NameOf(user),
                    Source = "api",
                });
                return Results.Accepted($"/api/deployments/{record.Id}", record);
            });
        }).Allows(Permission.Deploy, "deployment.start");

        var group = endpoints.MapGroup("/api/deployments");
        group.MapGet("/", (string? environment, int? limit, DeploymentStore store) => Results.Ok(store.List(environment, Math.Clamp(limit ?? 50, 1, 500))));
        group.MapGet("/{id}", (string id, DeploymentStore store) => store.Find(id) is { } record
            ? Results.Ok(record)
            : Problem(new DeploymentRejectedException(DeploymentRejection.NotFound, $"There is no deployment '{id}'.")));
        group.MapGet("/{id}/log", (string id, string? after, string? limit, HttpContext context, DeploymentStore store) => Log(id, after, limit, context, store));
        group.MapGet("/{id}/events", (string id, DeploymentStore store) => store.Find(id) is null
            ? Problem(new DeploymentRejectedException(DeploymentRejection.NotFound, $"There is no deployment '{id}'."))
            : Results.Ok(store.EventsOf(id)));
        group.MapPost("/{id}/approve", (string id, ActionBody? body, DeploymentEngine engine, ClaimsPrincipal user) => Try(() => Results.Ok(engine.Approve(id, Principals.NameOf(user), body?.Note))))
            .Allows(Permission.Deploy, "deployment.approve");
        group.MapPost("/{id}/abort", (string id, ActionBody? body, DeploymentEngine engine, ClaimsPrincipal user) => Try(() => Results.Ok(engine.Abort(id, Principals.NameOf(user), body?.Note))))
            .Allows(Permission.Deploy, "deployment.abort");
        group.MapPost("/{id}/rollback", async (string id, DeploymentEngine engine, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Accepted($"/api/deployments/{id}", await engine.RollbackAsync(id, Principals.NameOf(user), cancellationToken));
            }
            catch (DeploymentRejectedException ex)
            {
                return Problem(ex);
            }
        }).Allows(Permission.Deploy, "deployment.rollback");
        group.MapPost("/{id}/resolve", async (string id, ActionBody? body, DeploymentEngine engine, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        {
            try
            {
                return Results.Ok(await engine.MarkResolvedAsync(id, Principals.NameOf(user), body?.Note, cancellationToken));
            }
            catch (DeploymentRejectedException ex)
            {
                return Problem(ex);
            }
        }).Allows(Permission.Deploy, "deployment.resolve");
        return endpoints;
    }

    private static IResult Try(Func<IResult> action)
    {
        try
        {
            return action();
        }
        catch (DeploymentRejectedException ex)
        {
            return Problem(ex);
        }
    }

    /// <summary>RFC 7807 problem details whose detail says what to do.</summary>
    /// <summary>Log lines after the id <c>after</c> (0 = from the start), at most <c>limit</c> (default 1000, up to 10000),
    /// oldest first. When more follow, a <c>Link: &lt;…?after=N&amp;limit=M&gt;; rel="next"</c> header gives the next page.</summary>
    private static IResult Log(string id, string? after, string? limit, HttpContext context, DeploymentStore store)
    {
        if (store.Find(id) is null)
        {
            return Problem(new DeploymentRejectedException(DeploymentRejection.NotFound, $"There is no deployment '{id}'."));
        }
        long from = 0;
        var size = DefaultLogPage;
        if (after is not null && (!long.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out from)))
        {
            return Problem(new DeploymentRejectedException(DeploymentRejection.Invalid, $"after: '{after}' is not a line id; give the id of the last line you have (0 or leave it out for the start).", "after"));
        }
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxLogPage))
        {
            return Problem(new DeploymentRejectedException(DeploymentRejection.Invalid, $"limit: '{limit}' must be a number of lines from 1 to {MaxLogPage}.", "limit"));
        }
        var lines = store.Logs(id, from, size + 1);
        if (lines.Count > size)
        {
            lines = [.. lines.Take(size)];
            context.Response.Headers.Link = $"</api/deployments/{Uri.EscapeDataString(id)}/log?after={lines[^1].Id}&limit={size}>; rel=\"next\"";
        }
        return Results.Ok(lines);
    }

    private const int DefaultLogPage = 1000;
    private const int MaxLogPage = 10_000;

    private static IResult Problem(DeploymentRejectedException ex)
    {
        var (status, title) = ex.Kind switch
        {
            DeploymentRejection.NotFound => (StatusCodes.Status404NotFound, "Not found"),
            DeploymentRejection.Conflict => (StatusCodes.Status409Conflict, "Conflict"),
            _ => (StatusCodes.Status400BadRequest, "Invalid request"),
        };
        var extensions = new Dictionary<string, object?>();
        if (ex.Field is not null)
        {
            extensions["field"] = ex.Field;
        }
        if (ex.RunningId is not null)
        {
            extensions["runningDeployment"] = ex.RunningId;
        }
        return Results.Problem(statusCode: status, title: title, detail: ex.Message, extensions: extensions);
    }

    /// <summary>Body of <c>POST /api/environments/{env}/deployments</c>.</summary>
    public sealed record StartDeploymentBody(string? Version, string? Strategy, bool? RequireApproval);

    /// <summary>Body of the action endpoints (optional).</summary>
    public sealed record ActionBody(string? Note);
}
