using System.Security.Claims;
using BlueGreen.Core.Security;
using BlueGreen.Dashboard.Security;
using BlueGreen.Core.Deployment;
using BlueGreen.Core.Environments;
using BlueGreen.Core.LoadBalancing;
using BlueGreen.Core.Status;
using BlueGreen.Core.Switching;

namespace BlueGreen.Dashboard.Api;

public static class EnvironmentsApi
{
    /// <summary><c>GET /api/environments</c> and <c>GET /api/environments/{name}</c>: the live status as HAProxy reports it.</summary>
    public static IEndpointRouteBuilder MapEnvironmentsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/environments");
        group.MapGet("/", (EnvironmentCatalog catalog, EnvironmentStatusStore store) =>
            Results.Ok(catalog.All.Select(e => store.Get(e.Name) ?? Pending(e))));
        group.MapGet("/{name}", (string name, EnvironmentCatalog catalog, EnvironmentStatusStore store) =>
            catalog.Find(name) is { } environment
                ? Results.Ok(store.Get(environment.Name) ?? Pending(environment))
                : Results.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    title: "No such environment",
                    detail: $"There is no environment '{name}'. Known: {string.Join(", ", catalog.All.Select(e => e.Name))}."));
        // The environment's releases, newest first (from its latest 500 deployments).
        group.MapGet("/{name}/releases", (string name, EnvironmentCatalog catalog, DeploymentStore deployments) =>
            catalog.Find(name) is { } environment
                ? Results.Ok(ReleaseHistory.Of(deployments.List(environment.Name, 500)))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such environment",
                    detail: $"There is no environment '{name}'. Known: {string.Join(", ", catalog.All.Select(e => e.Name))}."));
        group.MapPost("/{name}/servers/{server}/state", SetServerStateAsync).Allows(Permission.Deploy, "environment.server-state");
        return endpoints;
    }

    /// <summary>
    /// <c>POST /api/environments/{name}/servers/{server}/state</c> <c>{"state": "Drain"}</c>: an operator's READY / DRAIN /
    /// MAINT on one server, on every load balancer of the environment (the Overview's buttons). 200 with what was
    /// set; 400 for a missing or unknown state; 404 for an unknown environment or server; 409 when it would leave no
    /// server taking traffic or a deployment is running; 502 when a load balancer cannot be reached.
    /// </summary>
    private static async Task<IResult> SetServerStateAsync(string name, string server, ServerStateBody? body, ServerControl control, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (!Enum.TryParse<AdminState>(body?.State, ignoreCase: true, out var state) || !Enum.IsDefined(state) || int.TryParse(body?.State, out _))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request",
                detail: $"state: '{body?.State}' is not a server state; send {{\"state\": \"Ready\"}}, \"Drain\" or \"Maint\".",
                extensions: new Dictionary<string, object?> { ["field"] = "state" });
        }
        try
        {
            await control.SetStateAsync(name, server, state, Principals.NameOf(user), cancellationToken);
            return Results.Ok(new { environment = name, server, state });
        }
        catch (ArgumentException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: ex.Message,
                extensions: new Dictionary<string, object?> { ["field"] = ex.ParamName });
        }
        catch (SwitchException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: ex.Message);
        }
        catch (EnvironmentBusyException ex)
        {
            var extensions = new Dictionary<string, object?>();
            if (ex.Owner is { Kind: DeploymentEngine.OwnerKind } owner)
            {
                extensions["runningDeployment"] = owner.Id;
            }
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: ex.Message, extensions: extensions);
        }
        catch (LoadBalancerException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Load balancer unavailable", detail: ex.Message);
        }
    }

    /// <summary>Body of <c>POST /api/environments/{name}/servers/{server}/state</c>.</summary>
    public sealed record ServerStateBody(string? State);

    /// <summary>Before the first poll: the configured sites with nothing read yet (live group Unknown).</summary>
    private static EnvironmentStatus Pending(EnvironmentOptions environment)
        => EnvironmentStatusBuilder.Build(environment, [], new Dictionary<string, string?>(), DateTimeOffset.UtcNow);
}
